/** A folder named in a reason ("cannot list <folder>"): the terminal's text, masked, one line, capped. */
import { oneLine } from '../core/redact.js';

const MAX_FOLDER = 300;

export function folderName(path: string): string {
  const line = oneLine(path);
  return line.length > MAX_FOLDER ? `${line.slice(0, MAX_FOLDER)}…` : line;
}
