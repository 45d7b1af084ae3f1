/**
 * USB storage devices as the Windows PnP manager recorded them in the SYSTEM hive, one entry per
 * device instance (two sticks of one model are two entries: their serials differ):
 *
 * - `Enum\USBSTOR\<model>\<instance>`: USB mass storage (Bulk-Only). The instance id is the
 *   device's serial number plus `&<LUN>`; when its second character is `&`, the device had no
 *   serial and Windows made the id up (then no serial is reported).
 * - `Enum\USB\VID_xxxx&PID_yyyy\<instance>` with `Service` = `UASPStor`: drives attached over
 *   USB 3 UAS, which never appear under USBSTOR; their disk is under `Enum\SCSI`, tied to the USB
 *   device by `ContainerID` (the disk gives the friendly name).
 * - Times, from the instance's `Properties\{83da6326-97a6-4088-9453-a1923f573b29}` (device
 *   property keys, FILETIME): `0064` install date, `0065` first install date, `0066` last arrival,
 *   `0067` last removal. Windows 8 and later store the FILETIME as the default value of the
 *   numbered key; Windows 7 as `…\00000064\00000000\Data`. These keys are readable only by SYSTEM
 *   on a running machine: a live scan usually has no times from here.
 *
 * Input is the `children` of depth-reading registry requests (paths relative to `Enum\USBSTOR`,
 * `Enum\USB`, `Enum\SCSI`). Everything is capped; nothing here throws.
 */
import type { RegistryKeyData, RegistryValue } from '../../core/evidence.js';

export const DEVICE_PROPERTIES = '{83da6326-97a6-4088-9453-a1923f573b29}';
const MAX_DEVICES = 500;

export interface EnumDevice {
  /** `USBSTOR\<model>\<instance>` or `USB\VID_xxxx&PID_yyyy\<instance>`. */
  id: string;
  bus: 'USBSTOR' | 'UAS';
  model: string;
  /** The instance id (`AA951D0000007252&0`). */
  instance: string;
  /** The serial number, when the device reported one. */
  serial?: string;
  friendlyName?: string;
  /** `VID_0781&PID_5530` of the USB device behind a USBSTOR disk, when ContainerID ties them. */
  usbId?: string;
  containerId?: string;
  installed?: string;
  firstInstalled?: string;
  lastArrival?: string;
  lastRemoval?: string;
}

type Children = Record<string, RegistryValue[]>;

const str = (values: RegistryValue[] | undefined, name: string): string | undefined => {
  const v = values?.find((x) => x.name.toLowerCase() === name.toLowerCase())?.data;
  return typeof v === 'string' && v !== '' ? v.slice(0, 300) : undefined;
};

/** A FILETIME in hex (as the contract carries binary and unknown types) to ISO-8601 UTC, seconds precision. */
export function filetimeHex(hex: string | undefined): string | undefined {
  if (hex === undefined || !/^[0-9a-f]{16}/i.test(hex)) return undefined;
  const ft = Buffer.from(hex.slice(0, 16), 'hex').readBigUInt64LE(0);
  const EPOCH = 116444736000000000n;
  if (ft <= EPOCH) return undefined;
  const ms = Number((ft - EPOCH) / 10000n);
  if (ms >= 253402300800000) return undefined;
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The time stored for one device property key (`0064`…) below an instance, either layout. */
function propertyTime(children: Children, instancePath: string, id: string): string | undefined {
  const base = `${instancePath}\\Properties\\${DEVICE_PROPERTIES}`;
  const keys = Object.keys(children);
  const find = (rel: string): RegistryValue[] | undefined => {
    const want = `${base}\\${rel}`.toLowerCase();
    const k = keys.find((x) => x.toLowerCase() === want);
    return k === undefined ? undefined : children[k];
  };
  // Windows 8+: the default value of `…\0064`.
  const modern = find(id)?.find((v) => v.name === '');
  if (modern && typeof modern.data === 'string') return filetimeHex(modern.data);
  // Windows 7: `…\00000064\00000000` value `Data`.
  const old = find(`0000${id}\\00000000`)?.find((v) => v.name.toLowerCase() === 'data');
  return old && typeof old.data === 'string' ? filetimeHex(old.data) : undefined;
}

/** The serial number in an instance id, or undefined when Windows generated the id (second character `&`). */
export function serialOf(instance: string): string | undefined {
  if (instance.length < 3 || instance[1] === '&') return undefined;
  return instance.replace(/&\d+$/, '');
}

/** Instance paths (`model\instance`) among the children: exactly two levels deep. */
function instances(children: Children): Array<[string, string, RegistryValue[]]> {
  const out: Array<[string, string, RegistryValue[]]> = [];
  for (const [rel, values] of Object.entries(children)) {
    const parts = rel.split('\\');
    if (parts.length === 2) out.push([parts[0], parts[1], values]);
    if (out.length >= MAX_DEVICES) break;
  }
  return out;
}

function withTimes(d: EnumDevice, children: Children, path: string): EnumDevice {
  const installed = propertyTime(children, path, '0064');
  const firstInstalled = propertyTime(children, path, '0065');
  const lastArrival = propertyTime(children, path, '0066');
  const lastRemoval = propertyTime(children, path, '0067');
  if (installed) d.installed = installed;
  if (firstInstalled) d.firstInstalled = firstInstalled;
  if (lastArrival) d.lastArrival = lastArrival;
  if (lastRemoval) d.lastRemoval = lastRemoval;
  return d;
}

/** True when the answer carries instance-level children (a depth-reading target), not only model names. */
export function hasInstances(data: RegistryKeyData | undefined): boolean {
  return Object.keys(data?.children ?? {}).some((k) => k.includes('\\'));
}

/**
 * Storage devices from `Enum\USBSTOR`, `Enum\USB` and `Enum\SCSI` (each may be absent).
 * One entry per instance; UAS drives named after their SCSI disk.
 */
export function enumDevices(usbstor?: RegistryKeyData, usb?: RegistryKeyData, scsi?: RegistryKeyData): EnumDevice[] {
  const out: EnumDevice[] = [];
  const usbByContainer = new Map<string, string>();
  const usbChildren = usb?.children ?? {};
  const uas: Array<[string, string, RegistryValue[]]> = [];
  for (const [model, instance, values] of instances(usbChildren)) {
    const container = str(values, 'ContainerID')?.toLowerCase();
    if (container) usbByContainer.set(container, model);
    if (str(values, 'Service')?.toLowerCase() === 'uaspstor') uas.push([model, instance, values]);
  }
  const scsiByContainer = new Map<string, string>();
  for (const [, , values] of instances(scsi?.children ?? {})) {
    const container = str(values, 'ContainerID')?.toLowerCase();
    const name = str(values, 'FriendlyName');
    if (container && name && !scsiByContainer.has(container)) scsiByContainer.set(container, name);
  }
  const storChildren = usbstor?.children ?? {};
  for (const [model, instance, values] of instances(storChildren)) {
    const container = str(values, 'ContainerID')?.toLowerCase();
    const d: EnumDevice = { id: `USBSTOR\\${model}\\${instance}`, bus: 'USBSTOR', model, instance };
    const serial = serialOf(instance);
    if (serial) d.serial = serial;
    const name = str(values, 'FriendlyName');
    if (name) d.friendlyName = name;
    if (container) {
      d.containerId = container;
      const usbId = usbByContainer.get(container);
      if (usbId) d.usbId = usbId;
    }
    out.push(withTimes(d, storChildren, `${model}\\${instance}`));
  }
  for (const [model, instance, values] of uas) {
    if (out.length >= MAX_DEVICES) break;
    const container = str(values, 'ContainerID')?.toLowerCase();
    const d: EnumDevice = { id: `USB\\${model}\\${instance}`, bus: 'UAS', model, instance, usbId: model };
    const serial = serialOf(instance);
    if (serial) d.serial = serial;
    const name = (container && scsiByContainer.get(container)) ?? str(values, 'FriendlyName');
    if (name) d.friendlyName = name;
    if (container) d.containerId = container;
    out.push(withTimes(d, usbChildren, `${model}\\${instance}`));
  }
  return out;
}
