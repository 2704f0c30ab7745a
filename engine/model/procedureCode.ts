// The procedure code (mc:code) as people may see it. A code from the national database of
// administrative procedures (`1.001193`, `2.000635`) is printed on every paper; a
// placeholder a modeller left while the real code was unknown (`TODO-…`, empty) is never
// shown on a screen or a paper (issue 20): it reads as a fault to the citizen.

/** `TODO`, `TODO-khai-sinh`, `todo_…`, blank: not a code to show. */
export function isPlaceholderProcedureCode(code: string | null | undefined): boolean {
  const trimmed = (code ?? '').trim();
  return trimmed === '' || /^todo\b|^todo[-_.]/i.test(trimmed);
}

/** The code to print, or null when there is none worth printing. */
export function shownProcedureCode(code: string | null | undefined): string | null {
  return isPlaceholderProcedureCode(code) ? null : code!.trim();
}
