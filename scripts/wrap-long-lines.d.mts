/** Types of scripts/wrap-long-lines.mjs, for its test. */
export const LIMIT: number;
export function width(s: string): number;
export function longLines(text: string): Array<[line: number, width: number]>;
export function wrapText(text: string, file: string): Promise<{ text: string; edits: number }>;
export function assertSameProgram(before: string, after: string, file: string): void;
