/** Words of the console (end-of-scan summary, progress, live view) in English and Japanese. */
import { t, type Lang } from '../core/i18n.js';

export const C = {
  failingChecks: t('Failing checks ({n}), most terminals first:', '不合格のチェック({n} 件、該当端末の多い順):'),
  moreChecks: t('… and {n} more checks: see the report', '… ほか {n} 件のチェックはレポートを見てください'),
  legend: t('Legend', '凡例'),
  errorMeaning: t('Error: could not decide', 'エラー: 判定できませんでした'),
  elapsed: t('elapsed', '経過'),
  requests: t('{n} requests', '証跡リクエスト {n} 件'),
  scanningHosts: t('Scanning {hosts}', '{hosts}をスキャンします'),
};

/** "1 host", "2 hosts"; Japanese has no plural: "1 台". */
export function hostCount(n: number, lang: Lang): string {
  if (lang === 'ja') return `${n} 台`;
  return `${n} ${n === 1 ? 'host' : 'hosts'}`;
}

/** `12s`, `3m 05s`, `1h 02m`: elapsed time for the live view. */
export function elapsedText(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}
