/**
 * The CLI's own choke point for the console: every chunk written to stdout and stderr goes
 * through the card-number mask, whoever writes it (progress lines, the live view, a command's
 * output, an error). Target names, inventory hosts and image paths come from users and audited
 * machines; none of them may print a full card number.
 */
import { redactText } from '../../core/redact.js';

type Write = NodeJS.WriteStream['write'];

function mask(stream: NodeJS.WriteStream): void {
  const original = stream.write.bind(stream) as (...args: unknown[]) => boolean;
  const write = ((chunk: unknown, ...rest: unknown[]) => {
    if (typeof chunk === 'string') return original(redactText(chunk), ...rest);
    if (chunk instanceof Uint8Array) {
      const text = Buffer.from(chunk).toString('utf8');
      const masked = redactText(text);
      return original(masked === text ? chunk : masked, ...rest);
    }
    return original(chunk, ...rest);
  }) as Write;
  stream.write = write;
}

let installed = false;

/** Mask card numbers in everything this process writes to stdout and stderr (idempotent). */
export function maskConsoleOutput(): void {
  if (installed) return;
  installed = true;
  mask(process.stdout);
  mask(process.stderr);
}
