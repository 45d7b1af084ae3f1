/**
 * End-of-support dates for the operating systems POS terminals run, as a dated snapshot.
 *
 * Keep it current: `checks/os/end-of-life.test.ts` fails when `asOf` is more than a year before the
 * real clock, and every report shows `asOf`. When you update a date, update `asOf` and say in
 * the commit which source you checked. Entries are matched in order: put specific ones first.
 * Where a terminal cannot be told apart (IoT LTSC 2021 reporting `EnterpriseS`), the entry uses
 * the earlier date and says so in `note`, so posaudit never passes a terminal on a guess.
 */

export type EditionClass =
  /** IoTEnterpriseS, IoTEnterpriseSK */
  | 'ltsc-iot'
  /** EnterpriseS, EnterpriseSN (IoT LTSC 2021 before 19044.2788 also says EnterpriseS) */
  | 'ltsc'
  /** Enterprise, Education, IoTEnterprise (general-availability channel, 36-month releases) */
  | 'ga-enterprise'
  /** Professional, Core and the like (24-month releases on Windows 11, 18 on Windows 10) */
  | 'ga-consumer';

export type ExtendedKind =
  /** Security fixes keep coming from the normal archive (Debian LTS): nothing to buy. */
  | 'included'
  /** Needs a paid subscription or programme (Ubuntu Pro ESM, Windows ESU, RHEL ELS, SUSE LTSS). */
  | 'subscription';

export interface ExtendedSupport {
  until: string;
  /** The programme's name as vendors write it. */
  name: string;
  kind: ExtendedKind;
  /** How posaudit can see the subscription on the terminal; absent = it cannot. */
  evidence?: 'ubuntu-pro';
}

interface EntryBase {
  /** Stable id used in params (`extendedSupportDeclared`) and details. */
  id: string;
  label: string;
  /** End of standard (vendor security) support, inclusive, YYYY-MM-DD. */
  endOfSupport: string;
  extended?: ExtendedSupport;
  /** Tag of a source in EOL_SOURCES. */
  source: string;
  note?: string;
}

export interface LinuxEntry extends EntryBase {
  os: 'linux';
  /** os-release ID values this entry covers. */
  distros: readonly string[];
  /** VERSION_ID components that must prefix the terminal's (`22.04`, `9`, `3.21`, `15.6`). */
  version: string;
}

export interface WindowsEntry extends EntryBase {
  os: 'windows';
  /** CurrentBuild numbers this entry covers (inclusive range). */
  builds: readonly [number, number];
  /** Edition classes; absent = any edition. */
  editions?: readonly EditionClass[];
  /** Case-insensitive substring that ProductName must contain. */
  productNameHas?: string;
}

export type EolEntry = LinuxEntry | WindowsEntry;

export interface EolTable {
  /** The day the table was last checked against its sources. */
  asOf: string;
  sources: Record<string, string>;
  entries: readonly EolEntry[];
}

const W10_GA = [19045, 19045] as const;

export const EOL_TABLE: EolTable = {
  asOf: '2026-11-21',
  sources: {
    EOL:
      'endoflife.date (github.com/endoflife-date/endoflife.date @a70eca3, 2026-08-22): products windows, windows-embedded, ' +
      'ubuntu, debian, rhel, centos, sles, alpine-linux, rocky-linux, almalinux',
    POSR: 'Microsoft lifecycle for Windows Embedded POSReady 2009 / WEPOS; POSReady 7 ESU year 3 end (2024-10-08)',
    MSLC: 'Microsoft Lifecycle Policy pages for Windows 10/11 editions (learn.microsoft.com/lifecycle)',
  },
  entries: [
    // ---- Windows before 10 (all ended) ----
    {
      os: 'windows',
      id: 'windows-posready-2009',
      label: 'Windows Embedded POSReady 2009',
      builds: [2600, 2600],
      productNameHas: 'posready',
      endOfSupport: '2019-04-09',
      source: 'POSR',
    },
    {
      os: 'windows',
      id: 'windows-xp',
      label: 'Windows XP / WEPOS',
      builds: [2600, 2600],
      endOfSupport: '2016-04-12',
      source: 'POSR',
      note: 'WEPOS ended 2016-04-12, XP Professional 2014-04-08: the later date is used.',
    },
    {
      os: 'windows',
      id: 'windows-posready-7',
      label: 'Windows Embedded POSReady 7',
      builds: [7600, 7601],
      productNameHas: 'posready',
      endOfSupport: '2021-10-12',
      extended: { until: '2024-10-08', name: 'Extended Security Updates (ESU)', kind: 'subscription' },
      source: 'EOL',
    },
    {
      os: 'windows',
      id: 'windows-embedded-standard-7',
      label: 'Windows Embedded Standard 7 SP1',
      builds: [7600, 7601],
      productNameHas: 'embedded',
      endOfSupport: '2020-10-13',
      extended: { until: '2023-10-10', name: 'Extended Security Updates (ESU)', kind: 'subscription' },
      source: 'EOL',
    },
    {
      os: 'windows',
      id: 'windows-7',
      label: 'Windows 7 SP1',
      builds: [7600, 7601],
      endOfSupport: '2020-01-14',
      extended: { until: '2023-01-10', name: 'Extended Security Updates (ESU)', kind: 'subscription' },
      source: 'MSLC',
    },
    {
      os: 'windows',
      id: 'windows-embedded-8.1-industry',
      label: 'Windows Embedded 8.1 Industry',
      builds: [9600, 9600],
      productNameHas: 'embedded',
      endOfSupport: '2023-07-11',
      source: 'EOL',
    },
    { os: 'windows', id: 'windows-8.1', label: 'Windows 8.1', builds: [9200, 9600], endOfSupport: '2023-01-10', source: 'MSLC' },

    // ---- Windows 10 LTSB/LTSC ----
    {
      os: 'windows',
      id: 'windows-10-ltsb-2015',
      label: 'Windows 10 Enterprise LTSB 2015',
      builds: [10240, 10240],
      editions: ['ltsc', 'ltsc-iot'],
      endOfSupport: '2025-10-14',
      source: 'EOL',
    },
    {
      os: 'windows',
      id: 'windows-10-ltsb-2016',
      label: 'Windows 10 (IoT) Enterprise LTSB 2016',
      builds: [14393, 14393],
      editions: ['ltsc', 'ltsc-iot'],
      endOfSupport: '2026-10-13',
      source: 'EOL',
    },
    {
      os: 'windows',
      id: 'windows-10-ltsc-2019',
      label: 'Windows 10 (IoT) Enterprise LTSC 2019',
      builds: [17763, 17763],
      editions: ['ltsc', 'ltsc-iot'],
      endOfSupport: '2029-01-09',
      source: 'EOL',
    },
    {
      os: 'windows',
      id: 'windows-10-iot-ltsc-2021',
      label: 'Windows 10 IoT Enterprise LTSC 2021',
      builds: [19044, 19044],
      editions: ['ltsc-iot'],
      endOfSupport: '2032-01-13',
      source: 'EOL',
    },
    {
      os: 'windows',
      id: 'windows-10-ltsc-2021',
      label: 'Windows 10 Enterprise LTSC 2021',
      builds: [19044, 19044],
      editions: ['ltsc'],
      endOfSupport: '2027-01-12',
      source: 'EOL',
      note:
        'IoT Enterprise LTSC 2021 before build 19044.2788 also reports EditionID EnterpriseS; its support runs to ' +
        '2032-01-13. Confirm the licence (slmgr /dli) before relying on the later date.',
    },

    // ---- Windows 10 general availability ----
    {
      os: 'windows',
      id: 'windows-10-22h2',
      label: 'Windows 10 22H2',
      builds: W10_GA,
      endOfSupport: '2025-10-14',
      extended: { until: '2028-10-10', name: 'Extended Security Updates (ESU)', kind: 'subscription' },
      source: 'EOL',
    },
    {
      os: 'windows',
      id: 'windows-10-ga-older',
      label: 'Windows 10 1507–21H2 (general availability)',
      builds: [10240, 19044],
      endOfSupport: '2024-06-11',
      source: 'EOL',
      note: 'Latest of these releases to end (21H2 Enterprise) ended 2024-06-11.',
    },

    // ---- Windows 11 ----
    {
      os: 'windows',
      id: 'windows-11-iot-ltsc-2024',
      label: 'Windows 11 IoT Enterprise LTSC 2024',
      builds: [26100, 26100],
      editions: ['ltsc-iot'],
      endOfSupport: '2034-10-10',
      source: 'EOL',
    },
    {
      os: 'windows',
      id: 'windows-11-ltsc-2024',
      label: 'Windows 11 Enterprise LTSC 2024',
      builds: [26100, 26100],
      editions: ['ltsc'],
      endOfSupport: '2029-10-09',
      source: 'EOL',
    },
    {
      os: 'windows',
      id: 'windows-11-25h2-enterprise',
      label: 'Windows 11 25H2 Enterprise/Education/IoT Enterprise',
      builds: [26200, 26200],
      editions: ['ga-enterprise'],
      endOfSupport: '2028-10-10',
      source: 'MSLC',
    },
    {
      os: 'windows',
      id: 'windows-11-25h2',
      label: 'Windows 11 25H2 Home/Pro',
      builds: [26200, 26200],
      editions: ['ga-consumer'],
      endOfSupport: '2027-10-12',
      source: 'MSLC',
    },
    {
      os: 'windows',
      id: 'windows-11-24h2-enterprise',
      label: 'Windows 11 24H2 Enterprise/Education/IoT Enterprise',
      builds: [26100, 26100],
      editions: ['ga-enterprise'],
      endOfSupport: '2027-10-12',
      source: 'MSLC',
    },
    {
      os: 'windows',
      id: 'windows-11-24h2',
      label: 'Windows 11 24H2 Home/Pro',
      builds: [26100, 26100],
      editions: ['ga-consumer'],
      endOfSupport: '2026-10-13',
      source: 'MSLC',
    },
    {
      os: 'windows',
      id: 'windows-11-23h2-enterprise',
      label: 'Windows 11 23H2 Enterprise/Education/IoT Enterprise',
      builds: [22631, 22631],
      editions: ['ga-enterprise'],
      endOfSupport: '2026-11-10',
      source: 'MSLC',
    },
    {
      os: 'windows',
      id: 'windows-11-ga-older',
      label: 'Windows 11 21H2–23H2 (general availability)',
      builds: [22000, 22631],
      editions: ['ga-enterprise', 'ga-consumer'],
      endOfSupport: '2025-11-11',
      source: 'MSLC',
      note: 'Latest of these to end for Home/Pro (23H2) ended 2025-11-11; 22H2 Enterprise ended 2025-10-14.',
    },

    // ---- Ubuntu LTS ----
    {
      os: 'linux',
      id: 'ubuntu-24.04',
      label: 'Ubuntu 24.04 LTS',
      distros: ['ubuntu'],
      version: '24.04',
      endOfSupport: '2029-05-31',
      extended: { until: '2036-05-31', name: 'Ubuntu Pro ESM', kind: 'subscription', evidence: 'ubuntu-pro' },
      source: 'EOL',
    },
    {
      os: 'linux',
      id: 'ubuntu-22.04',
      label: 'Ubuntu 22.04 LTS',
      distros: ['ubuntu'],
      version: '22.04',
      endOfSupport: '2027-04-01',
      extended: { until: '2032-04-09', name: 'Ubuntu Pro ESM', kind: 'subscription', evidence: 'ubuntu-pro' },
      source: 'EOL',
    },
    {
      os: 'linux',
      id: 'ubuntu-20.04',
      label: 'Ubuntu 20.04 LTS',
      distros: ['ubuntu'],
      version: '20.04',
      endOfSupport: '2025-05-31',
      extended: { until: '2030-04-02', name: 'Ubuntu Pro ESM', kind: 'subscription', evidence: 'ubuntu-pro' },
      source: 'EOL',
    },
    {
      os: 'linux',
      id: 'ubuntu-18.04',
      label: 'Ubuntu 18.04 LTS',
      distros: ['ubuntu'],
      version: '18.04',
      endOfSupport: '2023-05-31',
      extended: { until: '2028-04-01', name: 'Ubuntu Pro ESM', kind: 'subscription', evidence: 'ubuntu-pro' },
      source: 'EOL',
    },

    // ---- Debian ----
    {
      os: 'linux',
      id: 'debian-13',
      label: 'Debian 13 (trixie)',
      distros: ['debian'],
      version: '13',
      endOfSupport: '2028-08-09',
      extended: { until: '2030-06-30', name: 'Debian LTS', kind: 'included' },
      source: 'EOL',
    },
    {
      os: 'linux',
      id: 'debian-12',
      label: 'Debian 12 (bookworm)',
      distros: ['debian'],
      version: '12',
      endOfSupport: '2026-07-11',
      extended: { until: '2028-06-30', name: 'Debian LTS', kind: 'included' },
      source: 'EOL',
    },
    {
      os: 'linux',
      id: 'debian-11',
      label: 'Debian 11 (bullseye)',
      distros: ['debian'],
      version: '11',
      endOfSupport: '2024-08-14',
      extended: { until: '2026-08-31', name: 'Debian LTS', kind: 'included' },
      source: 'EOL',
    },
    {
      os: 'linux',
      id: 'debian-10',
      label: 'Debian 10 (buster)',
      distros: ['debian'],
      version: '10',
      endOfSupport: '2022-09-10',
      extended: { until: '2024-06-30', name: 'Debian LTS', kind: 'included' },
      source: 'EOL',
    },

    // ---- Red Hat and rebuilds ----
    {
      os: 'linux',
      id: 'rhel-9',
      label: 'Red Hat Enterprise Linux 9',
      distros: ['rhel'],
      version: '9',
      endOfSupport: '2032-05-31',
      extended: { until: '2036-05-31', name: 'Extended Life Cycle Support (ELS)', kind: 'subscription' },
      source: 'EOL',
    },
    {
      os: 'linux',
      id: 'rhel-8',
      label: 'Red Hat Enterprise Linux 8',
      distros: ['rhel'],
      version: '8',
      endOfSupport: '2029-05-31',
      extended: { until: '2033-05-31', name: 'Extended Life Cycle Support (ELS)', kind: 'subscription' },
      source: 'EOL',
    },
    {
      os: 'linux',
      id: 'rhel-7',
      label: 'Red Hat Enterprise Linux 7',
      distros: ['rhel'],
      version: '7',
      endOfSupport: '2024-06-30',
      extended: { until: '2029-05-31', name: 'Extended Life Cycle Support (ELS)', kind: 'subscription' },
      source: 'EOL',
    },
    {
      os: 'linux',
      id: 'rocky-9',
      label: 'Rocky Linux 9',
      distros: ['rocky'],
      version: '9',
      endOfSupport: '2032-05-31',
      source: 'EOL',
    },
    {
      os: 'linux',
      id: 'rocky-8',
      label: 'Rocky Linux 8',
      distros: ['rocky'],
      version: '8',
      endOfSupport: '2029-05-31',
      source: 'EOL',
    },
    {
      os: 'linux',
      id: 'almalinux-9',
      label: 'AlmaLinux 9',
      distros: ['almalinux'],
      version: '9',
      endOfSupport: '2032-05-31',
      source: 'EOL',
    },
    {
      os: 'linux',
      id: 'almalinux-8',
      label: 'AlmaLinux 8',
      distros: ['almalinux'],
      version: '8',
      endOfSupport: '2029-03-01',
      source: 'EOL',
    },
    {
      os: 'linux',
      id: 'centos-stream-9',
      label: 'CentOS Stream 9',
      distros: ['centos'],
      version: '9',
      endOfSupport: '2027-05-31',
      source: 'EOL',
    },
    {
      os: 'linux',
      id: 'centos-8',
      label: 'CentOS Linux 8 / CentOS Stream 8',
      distros: ['centos'],
      version: '8',
      endOfSupport: '2024-05-31',
      source: 'EOL',
      note: 'CentOS Linux 8 ended 2021-12-31; Stream 8 on 2024-05-31: the later date is used.',
    },
    {
      os: 'linux',
      id: 'centos-7',
      label: 'CentOS Linux 7',
      distros: ['centos'],
      version: '7',
      endOfSupport: '2024-06-30',
      source: 'EOL',
    },

    // ---- SUSE ----
    {
      os: 'linux',
      id: 'sles-15.7',
      label: 'SUSE Linux Enterprise Server 15 SP7',
      distros: ['sles', 'sled', 'sles_sap'],
      version: '15.7',
      endOfSupport: '2031-07-31',
      extended: { until: '2034-07-31', name: 'Long Term Service Pack Support (LTSS)', kind: 'subscription' },
      source: 'EOL',
    },
    {
      os: 'linux',
      id: 'sles-15.6',
      label: 'SUSE Linux Enterprise Server 15 SP6',
      distros: ['sles', 'sled', 'sles_sap'],
      version: '15.6',
      endOfSupport: '2025-12-31',
      extended: { until: '2028-12-31', name: 'Long Term Service Pack Support (LTSS)', kind: 'subscription' },
      source: 'EOL',
    },
    {
      os: 'linux',
      id: 'sles-15.5',
      label: 'SUSE Linux Enterprise Server 15 SP5',
      distros: ['sles', 'sled', 'sles_sap'],
      version: '15.5',
      endOfSupport: '2024-12-31',
      extended: { until: '2027-12-31', name: 'Long Term Service Pack Support (LTSS)', kind: 'subscription' },
      source: 'EOL',
    },
    {
      os: 'linux',
      id: 'sles-12.5',
      label: 'SUSE Linux Enterprise Server 12 SP5',
      distros: ['sles', 'sled', 'sles_sap'],
      version: '12.5',
      endOfSupport: '2024-10-31',
      extended: { until: '2027-10-31', name: 'Long Term Service Pack Support (LTSS)', kind: 'subscription' },
      source: 'EOL',
    },

    // ---- Alpine ----
    {
      os: 'linux',
      id: 'alpine-3.23',
      label: 'Alpine Linux 3.23',
      distros: ['alpine'],
      version: '3.23',
      endOfSupport: '2027-11-01',
      source: 'EOL',
    },
    {
      os: 'linux',
      id: 'alpine-3.22',
      label: 'Alpine Linux 3.22',
      distros: ['alpine'],
      version: '3.22',
      endOfSupport: '2027-05-01',
      source: 'EOL',
    },
    {
      os: 'linux',
      id: 'alpine-3.21',
      label: 'Alpine Linux 3.21',
      distros: ['alpine'],
      version: '3.21',
      endOfSupport: '2026-11-01',
      source: 'EOL',
    },
    {
      os: 'linux',
      id: 'alpine-3.20',
      label: 'Alpine Linux 3.20',
      distros: ['alpine'],
      version: '3.20',
      endOfSupport: '2026-04-01',
      source: 'EOL',
    },
  ],
};
