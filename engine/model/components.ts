// The dossier components (thành phần hồ sơ) a procedure lists: what the citizen brings,
// in which form and how many copies, and whether the desk may receive without it. The
// model holds them (`<mc:component>` in the process's extension elements, CONTRACT.md
// §6.2); the reception checklist, the receipt and the digitisation count read them here.

/**
 * The form a component is brought in (Decree 61/2018 art. 15 and Decree 45/2020 art. 9):
 * the original (bản chính), a plain copy (bản sao), a certified copy (bản sao có chứng
 * thực) or an electronic document (bản điện tử).
 */
export const COMPONENT_KINDS = ['original', 'copy', 'certified-copy', 'electronic'] as const;
export type ComponentKind = (typeof COMPONENT_KINDS)[number];

export interface DossierComponent {
  /** Stable key, unique in the procedure: files and checklists name the component by it. */
  key: string;
  name: string;
  /** As written in the model; validation reports a value outside COMPONENT_KINDS. */
  kind: ComponentKind;
  /** Number of copies (bản) the citizen brings; at least 1. */
  copies: number;
  required: boolean;
}

/** The required components not among `received` (component keys the desk ticked), in model order. */
export function missingRequiredComponents(components: readonly DossierComponent[] | undefined, received: readonly string[]): DossierComponent[] {
  const ticked = new Set(received);
  return (components ?? []).filter((component) => component.required && !ticked.has(component.key));
}

/** Keys a checklist names that the procedure does not list. */
export function unknownComponentKeys(components: readonly DossierComponent[] | undefined, keys: readonly string[]): string[] {
  const known = new Set((components ?? []).map((component) => component.key));
  return keys.filter((key) => !known.has(key));
}

/** A component key: letters, digits, `-`, `_`, `.`; what a file names its component by. */
export const COMPONENT_KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
