// Text as people type it, compared as they mean it: Vietnamese with or without diacritics,
// any case. One home for the folding the register's search (server/store/searchText.ts)
// and the desk's "competent agency from the address" suggestion (designer/src/intake.ts)
// both need.

/** Lower case, diacritics removed (đ → d), runs of white space as one space. */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}
