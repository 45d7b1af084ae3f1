/** A labelled card-data corpus: planted numbers in every encoding and container the scanner
 * reads, and look-alikes that must not be reported. Numbers are random per seed (Luhn-valid,
 * real IIN ranges), never taken from a list, so a hit proves detection, not memory. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { crc32, deflateRawSync, gzipSync } from 'node:zlib';

export interface Planted {
  /** Path relative to the corpus root. */
  file: string;
  member?: string;
  kind: 'pan' | 'track1' | 'track2';
  digits: string;
  masked: string;
  label: string;
}

export interface Corpus {
  root: string;
  planted: Planted[];
  /** Every full number written anywhere in the corpus (planted and look-alikes), to search outputs for. */
  secrets: string[];
  lookalikes: number;
}

/** Small deterministic PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function luhnDigit(body: string): number {
  let sum = 0;
  for (let k = 0; k < body.length; k++) {
    let d = body.charCodeAt(body.length - 1 - k) - 48;
    if (k % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/** A Luhn-valid number with this prefix and length, random in between. */
export function makePan(prefix: string, len: number, r: () => number): string {
  let body = prefix;
  while (body.length < len - 1) body += String(Math.floor(r() * 10));
  return body + String(luhnDigit(body));
}

export function maskOf(d: string): string {
  return d.slice(0, 6) + '*'.repeat(d.length - 10) + d.slice(-4);
}

/** A minimal zip writer (deflate or stored), for fixtures. */
export function makeZip(entries: Array<{ name: string; data: Buffer; store?: boolean }>): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const comp = e.store ? e.data : deflateRawSync(e.data);
    const crc = crc32(e.data);
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0);
    lh.writeUInt16LE(20, 4);
    lh.writeUInt16LE(0x800, 6);
    lh.writeUInt16LE(e.store ? 0 : 8, 8);
    lh.writeUInt32LE(crc, 14);
    lh.writeUInt32LE(comp.length, 18);
    lh.writeUInt32LE(e.data.length, 22);
    lh.writeUInt16LE(name.length, 26);
    locals.push(lh, name, comp);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0);
    ch.writeUInt16LE(20, 4);
    ch.writeUInt16LE(20, 6);
    ch.writeUInt16LE(0x800, 8);
    ch.writeUInt16LE(e.store ? 0 : 8, 10);
    ch.writeUInt32LE(crc, 16);
    ch.writeUInt32LE(comp.length, 20);
    ch.writeUInt32LE(e.data.length, 24);
    ch.writeUInt16LE(name.length, 28);
    ch.writeUInt32LE(offset, 42);
    central.push(ch, name);
    offset += 30 + name.length + comp.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const utf16be = (s: string): Buffer => Buffer.from(Buffer.from(s, 'utf16le').swap16());

/** Write the corpus under `root`. */
export function writeCorpus(root: string, seed = 1): Corpus {
  const r = rng(seed);
  const planted: Planted[] = [];
  const secrets: string[] = [];
  const put = (file: string, data: string | Buffer): void => {
    const p = join(root, file);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, data);
  };
  const plant = (file: string, kind: Planted['kind'], digits: string, label: string, member?: string): void => {
    planted.push({ file, kind, digits, masked: maskOf(digits), label, ...(member ? { member } : {}) });
    secrets.push(digits);
  };
  const brands: Array<[string, string, number]> = [
    ['visa16', '4' + String(Math.floor(r() * 9) + 1), 16],
    ['visa13', '49', 13],
    ['visa19', '45', 19],
    ['mc5', '53', 16],
    ['mc2', '2' + String(221 + Math.floor(r() * 400)), 16],
    ['amex', '37', 15],
    ['discover', '6011', 16],
    ['jcb', '3540', 16],
    ['diners', '36', 14],
    ['unionpay', '621', 16],
  ];
  // Plain text log, one brand per line.
  const lines: string[] = ['2026-11-21 09:00:00 start'];
  for (const [label, prefix, len] of brands) {
    const d = makePan(prefix, len, r);
    lines.push(`2026-11-21 09:00:01 auth ok card=${d} amount=1200`);
    plant('var/log/pos/app.log', 'pan', d, `text ${label}`);
  }
  put('var/log/pos/app.log', lines.join('\n') + '\n');
  // Card-shaped groups.
  const g16 = makePan('45', 16, r);
  const gAmex = makePan('34', 15, r);
  const gDiners = makePan('38', 14, r);
  put(
    'home/clerk/notes.txt',
    `card ${g16.replace(/(\d{4})(?=\d)/g, '$1 ')}\namex ${gAmex.slice(0, 4)}-${gAmex.slice(4, 10)}-${gAmex.slice(10)}\n` +
      `diners ${gDiners.slice(0, 4)} ${gDiners.slice(4, 10)} ${gDiners.slice(10)}\n`,
  );
  plant('home/clerk/notes.txt', 'pan', g16, 'grouped 4-4-4-4');
  plant('home/clerk/notes.txt', 'pan', gAmex, 'grouped amex 4-6-5');
  plant('home/clerk/notes.txt', 'pan', gDiners, 'grouped diners 4-6-4');
  // UTF-16LE and BE (Windows logs).
  const u16 = makePan('51', 16, r);
  put('opt/pos/win-le.log', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`line one\r\nPAN: ${u16}\r\n`, 'utf16le')]));
  plant('opt/pos/win-le.log', 'pan', u16, 'utf-16le');
  const u16b = makePan('4', 16, r);
  put('opt/pos/win-be.log', Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(`PAN: ${u16b}\n`)]));
  plant('opt/pos/win-be.log', 'pan', u16b, 'utf-16be');
  // Track data and EMV.
  const t1 = makePan('4', 16, r);
  const t2 = makePan('55', 16, r);
  const e57 = makePan('4', 16, r);
  const e5a = makePan('52', 16, r);
  put(
    'var/log/pos/trace.log',
    `swipe %B${t1}^TANAKA/TARO^2812101000000000000000?\nswipe ;${t2}=28121010000000000000?\nemv ` +
      `9F02060000000012005A08${e5a}5F2403281231\nemv 57 11 ${e57.replace(/(\d\d)(?=\d)/g, '$1 ')} D2 81 22 01 00 00 00 00 ` +
      `00\n`,
  );
  plant('var/log/pos/trace.log', 'track1', t1, 'track 1');
  plant('var/log/pos/trace.log', 'track2', t2, 'track 2');
  plant('var/log/pos/trace.log', 'pan', e5a, 'EMV 5A hex');
  plant('var/log/pos/trace.log', 'track2', e57, 'EMV 57 hex');
  // gzip and rotated logs.
  const gz = makePan('37', 15, r);
  put('var/log/pos/app.log.2.gz', gzipSync(Buffer.from(`old line\nrefund card=${gz}\n`)));
  plant('var/log/pos/app.log.2.gz', 'pan', gz, 'gzip', '(gzip)');
  const rot = makePan('6011', 16, r);
  put('var/log/pos/app.log.1', `rotated card=${rot}\n`);
  plant('var/log/pos/app.log.1', 'pan', rot, 'rotated log');
  // zip, docx, xlsx, zip in zip.
  const z1 = makePan('4', 16, r);
  const docx = makePan('35', 16, r);
  const xlsx = makePan('54', 16, r);
  const inner = makePan('4', 16, r);
  put('srv/export/batch.zip', makeZip([{ name: 'batch/01.csv', data: Buffer.from(`id,card\n1,${z1}\n`) }]));
  plant('srv/export/batch.zip', 'pan', z1, 'zip member', 'batch/01.csv');
  put(
    'home/clerk/report.docx',
    makeZip([
      { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
      {
        name: 'word/document.xml',
        data: Buffer.from(`<w:document><w:body><w:p><w:r><w:t>Customer card ${docx}</w:t></w:r></w:p></w:body></w:document>`),
      },
    ]),
  );
  plant('home/clerk/report.docx', 'pan', docx, 'docx', 'word/document.xml');
  put(
    'home/clerk/cards.xlsx',
    makeZip([{ name: 'xl/sharedStrings.xml', data: Buffer.from(`<sst><si><t>${xlsx}</t></si></sst>`) }]),
  );
  plant('home/clerk/cards.xlsx', 'pan', xlsx, 'xlsx', 'xl/sharedStrings.xml');
  put(
    'srv/export/nested.zip',
    makeZip([{ name: 'inner.zip', data: makeZip([{ name: 'deep.txt', data: Buffer.from(`deep ${inner}\n`) }]) }]),
  );
  plant('srv/export/nested.zip', 'pan', inner, 'zip in zip', 'inner.zip!/deep.txt');
  // Binary dump with a number in the middle of noise, and one across the 1 MiB chunk boundary.
  const dumpPan = makePan('4', 16, r);
  const noise = Buffer.alloc(3 * 1024 * 1024);
  for (let k = 0; k < noise.length; k++) noise[k] = (Math.floor(r() * 256) & 0xf0) | 0x0a; // never an ASCII digit
  const at = (1 << 20) - 7; // straddles the first chunk boundary
  noise.write(` ${dumpPan} `, at, 'latin1');
  put('var/crash/pos.core', noise);
  plant('var/crash/pos.core', 'pan', dumpPan, 'binary dump, across a chunk boundary');
  // SQLite, when the sqlite3 tool is there.
  const sq = makePan('4', 16, r);
  try {
    const db = join(root, 'var/lib/pos/journal.db');
    mkdirSync(dirname(db), { recursive: true });
    execFileSync('sqlite3', [db, `CREATE TABLE t(id INTEGER, card TEXT); INSERT INTO t VALUES (1, '${sq}');`], {
      stdio: 'ignore',
    });
    plant('var/lib/pos/journal.db', 'pan', sq, 'sqlite');
  } catch {
    // no sqlite3 binary: the row is simply not planted
  }
  // Look-alikes: none of these may be reported.
  const look: string[] = [];
  const luhnFail = (d: string): string => d.slice(0, -1) + String((Number(d.slice(-1)) + 1) % 10);
  for (let k = 0; k < 20; k++) look.push(`declined ${luhnFail(makePan('4', 16, r))}`);
  for (let k = 0; k < 20; k++) look.push(`order ${makePan('9', 16, r)}`); // unknown IIN
  for (let k = 0; k < 20; k++) look.push(`id ${makePan('4', 16, r)}${Math.floor(r() * 10)}`); // inside a longer run
  for (let k = 0; k < 20; k++) look.push(`ts=${1_700_000_000_000 + Math.floor(r() * 1e11)}`);
  for (let k = 0; k < 20; k++) look.push(`stamp ${20260101000000 + Math.floor(r() * 1e8)}`);
  for (let k = 0; k < 20; k++) look.push(`masked ${maskOf(makePan('4', 16, r))}`);
  for (let k = 0; k < 10; k++) look.push(`ratio 0.${makePan('4', 16, r)}`); // decimal fraction
  for (let k = 0; k < 10; k++) look.push(`dates 2026 11 21 ${makePan('5', 12, r)}`); // not card-shaped
  for (const l of look) for (const m of l.matchAll(/\d{12,}/g)) secrets.push(m[0]);
  const lookalikes = look.length;
  put('var/log/pos/lookalike.log', look.join('\n') + '\n');
  return { root, planted, secrets, lookalikes };
}
