/**
 * The newest Windows cumulative update this tool knows of, per OS build, to tell a terminal that is
 * behind by its build number and UBR (update build revision) alone.
 *
 * TABLE DATE: 2025-10-14 (the October 2025 Patch Tuesday). Sources: Microsoft's "Windows 10 update
 * history" and "Windows 11, version 24H2 update history" release notes (support.microsoft.com), as of
 * that date. The table only ever proves a terminal is BEHIND: a UBR lower than an entry released more
 * than the allowed number of days ago is at least that far behind. A UBR at or above an entry proves
 * nothing about the months after the table date, so it never makes the check pass on its own.
 *
 * Windows 11 24H2 / LTSC 2024 (26100) receives hotpatches whose UBRs sit between baseline months, so its
 * entry is the last baseline cumulative update (July 2025), which every later hotpatch build exceeds.
 * Add a row (or a newer one) with its release note's date when a new build matters to the fleet.
 */
export interface KnownRelease {
  build: number;
  ubr: number;
  kb: string;
  /** Release date (ISO day). */
  released: string;
  /** Which products use this build, for messages. */
  products: string;
}

export const WINDOWS_RELEASES_AS_OF = '2025-10-14';

export const WINDOWS_RELEASES: readonly KnownRelease[] = [
  {
    build: 19044,
    ubr: 6456,
    kb: 'KB5066791',
    released: '2025-10-14',
    products: 'Windows 10 21H2 / Enterprise LTSC 2021 / IoT Enterprise LTSC 2021',
  },
  { build: 19045, ubr: 6456, kb: 'KB5066791', released: '2025-10-14', products: 'Windows 10 22H2' },
  {
    build: 26100,
    ubr: 4652,
    kb: 'KB5062553',
    released: '2025-07-08',
    products: 'Windows 11 24H2 / Enterprise LTSC 2024 / IoT Enterprise LTSC 2024 (hotpatch baseline)',
  },
];

/** `19044.5487` → build and UBR; undefined for anything else. */
export function parseBuild(value: string | undefined): { build: number; ubr: number } | undefined {
  const m = /^(\d{4,6})\.(\d{1,6})$/.exec(value?.trim() ?? '');
  return m ? { build: Number(m[1]), ubr: Number(m[2]) } : undefined;
}

export function knownRelease(build: number): KnownRelease | undefined {
  return WINDOWS_RELEASES.find((r) => r.build === build);
}
