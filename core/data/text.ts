// Text as data for character-level models: a vocabulary of characters and the text as indices into it.
//
// "Character" means a Unicode code point, not a UTF-16 unit, so an emoji is one character, not two
// halves. The vocabulary is sorted by code point, never by insertion or hash order, so the same text
// always gives the same indices on every machine (and the same as Python's sorted(set(text))).

/** Compares two strings by Unicode code points (Python's str ordering; JS's default sort uses UTF-16 units). */
export function compareCodePoints(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ca = a.codePointAt(i)!;
    const cb = b.codePointAt(j)!;
    if (ca !== cb) return ca - cb;
    i += ca > 0xffff ? 2 : 1;
    j += cb > 0xffff ? 2 : 1;
  }
  return (a.length - i) - (b.length - j);
}

/** The distinct characters (code points) of the text, sorted by code point. */
export function buildVocabulary(text: string): string[] {
  if (typeof text !== 'string') return [];
  const seen = new Set<string>();
  for (const character of text) seen.add(character);
  return [...seen].sort(compareCodePoints);
}

/** Each character's index in the vocabulary, or -1 for a character the vocabulary lacks. */
export function encodeCharacters(text: string, vocabulary: readonly string[]): Int32Array {
  if (typeof text !== 'string' || !Array.isArray(vocabulary)) return new Int32Array(0);
  const index = new Map<string, number>();
  vocabulary.forEach((character, k) => {
    if (!index.has(character)) index.set(character, k);
  });
  const codes: number[] = [];
  for (const character of text) codes.push(index.get(character) ?? -1);
  return Int32Array.from(codes);
}

/** The text back from indices; an index outside the vocabulary becomes U+FFFD (the replacement character). */
export function decodeCharacters(codes: ArrayLike<number>, vocabulary: readonly string[]): string {
  if (codes == null || !Array.isArray(vocabulary)) return '';
  let text = '';
  for (let k = 0; k < codes.length; k++) text += vocabulary[codes[k]!] ?? '\ufffd';
  return text;
}
