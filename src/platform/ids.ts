import { createHash, randomBytes } from 'node:crypto';

/** Random ids that match the protocol's IdSchema: `prefix_` + base64url. */
export const newId = (prefix: string, bytes = 12) => `${prefix}_${randomBytes(bytes).toString('base64url')}`;

export const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');
