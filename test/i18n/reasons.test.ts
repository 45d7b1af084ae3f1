/**
 * Why something could not be read, as a Japanese reader gets it (core/reasons.ts): the reasons the
 * issue names, every reason code the gatherer scripts emit, and the English kept as it was.
 */
import { describe, expect, it } from 'vitest';
import { reasonIn, reasonJa, reasonText } from '../../core/reasons.js';
import { CONSTRAINED_LANGUAGE_REASON } from '../../core/target.js';
import { REASONS } from '../../targets/frames.js';
import { NEEDS_RUNNING_SYSTEM } from '../../targets/image.js';
import { englishRuns } from '../helpers/english-in-ja.js';

const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

describe('reasons in Japanese', () => {
  it('translates the reasons the issue names, keeping names, numbers and error codes', () => {
    expect(reasonJa('card-data scan failed (TimeoutError)')).toBe('カードデータの検査に失敗しました（TimeoutError）');
    expect(reasonJa('346 requests')).toBe('証跡リクエスト 346 件');
    expect(reasonJa('ssh://pos@127.0.0.1:2222: connection refused (ECONNREFUSED)')).toBe(
      'ssh://pos@127.0.0.1:2222: 接続を拒否されました（ECONNREFUSED）',
    );
    expect(reasonJa('local: timed out after 20 s (--timeout) during the gather phase; the host was not fully scanned')).toBe(
      'local: 収集中に 20 秒（--timeout）で時間切れになりました。端末は最後までスキャンされていません',
    );
    expect(reasonJa('the image has no SOFTWARE hive (Windows/System32/config/SOFTWARE)')).toBe(
      'イメージに SOFTWARE ハイブがありません（Windows/System32/config/SOFTWARE）',
    );
    expect(reasonJa("EACCES: permission denied, open '/etc/shadow'")).toBe(
      "権限がありません（EACCES: permission denied, open '/etc/shadow'）",
    );
    expect(reasonJa('/var/log/kern.log: no such file; journal: the gatherer timed out after 30 s')).toBe(
      '/var/log/kern.log: ファイルがありません、journal: 収集が 30 秒で時間切れになりました',
    );
  });

  it('says SSH login and host-key refusals in Japanese', () => {
    for (const r of [
      'ssh://pos@10.0.0.5:22: authentication failed for pos (tried: publickey, agent)',
      'ssh://pos@10.0.0.5:22: unknown host key SHA256:abc; not in /root/.ssh/known_hosts (check it, then add it or use ' +
        '--accept-new-host-keys)',
      'ssh://pos@10.0.0.5:22: host key CHANGED (SHA256:abc) and does not match /root/.ssh/known_hosts; refusing (possible ' +
        'man-in-the-middle)',
      'ssh://pos@10.0.0.5:22: connection timed out after 15 s',
      'ssh://pos@10.0.0.5:22: the host closed the connection',
    ]) {
      const ja = reasonJa(r);
      expect(ja.startsWith('ssh://pos@10.0.0.5:22: '), r).toBe(true);
      expect(ja, r).toMatch(JAPANESE);
      expect(englishRuns(ja), r).toEqual([]);
    }
  });

  it('has Japanese for every reason code the gatherer scripts emit and the targets say', () => {
    for (const reason of [...Object.values(REASONS).filter(Boolean), NEEDS_RUNNING_SYSTEM, CONSTRAINED_LANGUAGE_REASON]) {
      const ja = reasonJa(reason);
      expect(ja, reason).toMatch(JAPANESE);
      expect(englishRuns(ja), reason).toEqual([]);
    }
  });

  it('says a folder the scanning account cannot list in Japanese, keeping the folder as it came', () => {
    expect(reasonJa('cannot list /etc/sudoers.d')).toBe(
      'フォルダー /etc/sudoers.d の一覧を取得できません（読み取り権限がありません）',
    );
    expect(reasonJa('cannot list C:\\ProgramData\\Microsoft')).toBe(
      'フォルダー C:\\ProgramData\\Microsoft の一覧を取得できません（読み取り権限がありません）',
    );
    expect(englishRuns(reasonJa('cannot list /etc/chrony.d'))).toEqual([]);
  });

  it('leaves a reason nobody here wrote (the terminal’s own words) as it came, and the English untouched', () => {
    expect(reasonJa('Der Zugriff wurde verweigert')).toBe('Der Zugriff wurde verweigert');
    expect(reasonJa('アクセスが拒否されました。')).toBe('アクセスが拒否されました。');
    const r = 'the gatherer timed out after 5 s';
    expect(reasonText(r).en).toBe(r);
    expect(reasonIn(r, 'en')).toBe(r);
    expect(reasonIn(r, 'ja')).toBe('収集が 5 秒で時間切れになりました');
  });
});
