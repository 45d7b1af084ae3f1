/** Every string a user reads exists in English and Japanese. */
export type Lang = 'en' | 'ja';
export const LANGS: readonly Lang[] = ['en', 'ja'];

export interface Text {
  en: string;
  ja: string;
}

/** Build a bilingual text. */
export function t(en: string, ja: string): Text {
  return { en, ja };
}

/** Pick the string for a language (falls back to English). */
export function tr(text: Text | undefined, lang: Lang): string {
  if (!text) return '';
  return text[lang] || text.en;
}

export function isLang(value: string): value is Lang {
  return value === 'en' || value === 'ja';
}

/** The language of the terminal: LC_ALL, LC_MESSAGES, LANG, then Intl. */
export function systemLang(env: NodeJS.ProcessEnv = process.env): Lang {
  const raw = env.LC_ALL || env.LC_MESSAGES || env.LANG || Intl.DateTimeFormat().resolvedOptions().locale || '';
  return /^ja/i.test(raw) ? 'ja' : 'en';
}
