/** IPv4 and IPv6 addresses and CIDR ranges for IpAddress / NotIpAddress. */

export interface Address {
  readonly family: 4 | 6;
  readonly value: bigint;
}

export interface Range {
  contains(address: Address): boolean;
}

export function parseAddress(text: string): Address | undefined {
  const value = text.trim();
  if (value.includes(':')) {
    const v6 = parseV6(value);
    return v6 === undefined ? undefined : { family: 6, value: v6 };
  }
  const v4 = parseV4(value);
  return v4 === undefined ? undefined : { family: 4, value: v4 };
}

/** `10.0.0.0/8`, `2001:db8::/32`, or a single address (a /32 or /128). */
export function parseCidr(text: string): Range | undefined {
  const [addressText = '', prefixText] = text.trim().split('/');
  const address = parseAddress(addressText);
  if (address === undefined) return undefined;
  const bits = address.family === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? bits : Number(prefixText);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > bits) return undefined;
  const shift = BigInt(bits - prefix);
  const network = address.value >> shift;
  return {
    contains: (candidate) =>
      candidate.family === address.family && candidate.value >> shift === network,
  };
}

function parseV4(text: string): bigint | undefined {
  const octets = text.split('.');
  if (octets.length !== 4) return undefined;
  let value = 0n;
  for (const octet of octets) {
    if (!/^\d{1,3}$/.test(octet)) return undefined;
    const n = Number(octet);
    if (n > 255) return undefined;
    value = (value << 8n) | BigInt(n);
  }
  return value;
}

function parseV6(text: string): bigint | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] === '' ? [] : halves[0].split(':');
  const tail = halves.length === 2 && halves[1] !== '' ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  let value = 0n;
  for (const group of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return undefined;
    value = (value << 16n) | BigInt(parseInt(group, 16));
  }
  return value;
}
