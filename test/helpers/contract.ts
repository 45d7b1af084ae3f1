/** Finding summaries for assertions (the contract every check keeps is checks/contract.test.ts). */
import { worstStatus, type Finding } from '../../core/model.js';

export const statusOf = (f: Finding[]) => worstStatus(f.map((x) => x.status));
export const textOf = (f: Finding[]) => f.map((x) => `${x.status}: ${x.message.en}`).join('\n');
