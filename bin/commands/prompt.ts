/** Read a secret from the terminal without echoing it (never from the command line). */
import { UsageError } from '../../core/errors.js';

export async function promptSecret(question: string): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY)
    throw new UsageError(
      '--ask-password needs a terminal; in scripts set POSAUDIT_SSH_PASSWORD instead',
      '--ask-password は端末から実行したときだけ使えます。スクリプトでは代わりに POSAUDIT_SSH_PASSWORD を設定してください',
    );
  process.stderr.write(question);
  stdin.setRawMode(true);
  stdin.resume();
  return new Promise((resolve, reject) => {
    let value = '';
    const done = (err?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: Buffer) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new UsageError('cancelled', 'キャンセルしました'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    stdin.on('data', onData);
  });
}
