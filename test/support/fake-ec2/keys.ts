/** Key pairs: created (EC2 makes the private key) or imported (the learner's public key), found by name. */
import { createHash } from 'node:crypto';
import type { Tag } from '@aws-sdk/client-ec2';
import { awsError, need, notFound } from './errors.js';
import { applyFilters, pickIds } from './filters.js';
import type { KeyRec } from './records.js';
import type { Store } from './store.js';
import { tagsFromSpecs, tagsOut } from './tags.js';
import type { Views } from './views.js';

export class KeyPairService {
  constructor(
    private readonly s: Store,
    private readonly v: Views,
  ) {}


  private fingerprint(seed: string, bytes: number): string {
    return (createHash('sha256').update(seed).digest('hex').slice(0, bytes * 2).match(/../g) ?? []).join(':');
  }

  private addKey(name: string, keyType: 'rsa' | 'ed25519', tags: Tag[], fingerprintBytes: number): KeyRec {
    if (this.s.live(this.s.keyPairs).some((k) => k.name === name)) {
      throw awsError('InvalidKeyPair.Duplicate', `The keypair '${name}' already exists.`);
    }
    const k: KeyRec = {
      id: this.s.newId('key'),
      tags,
      createdAt: this.s.now(),
      name,
      keyType,
      fingerprint: this.fingerprint(`${name}:${this.s.now()}:${this.s.keyPairs.size}`, fingerprintBytes),
    };
    this.s.keyPairs.set(k.id, k);
    return k;
  }

  createKeyPair(i: any) {
    const name = need<string>(i.KeyName, 'KeyName');
    const keyType = (i.KeyType ?? 'rsa') as 'rsa' | 'ed25519';
    if (keyType !== 'rsa' && keyType !== 'ed25519') throw awsError('InvalidParameterValue', `Invalid key type ${keyType}`);
    if (i.KeyFormat === 'ppk') throw awsError('InvalidParameterValue', 'This fake only produces pem key material');
    const tags = tagsFromSpecs(i.TagSpecifications, 'key-pair');
    // RSA fingerprints are SHA-1 (20 bytes), ed25519 ones SHA-256 (32 bytes).
    const k = this.addKey(name, keyType, tags, keyType === 'rsa' ? 20 : 32);
    const body = Buffer.from(`fake private key for ${name} ${k.id}`.repeat(8)).toString('base64').replace(/.{64}/g, '$&\n');
    const label = keyType === 'rsa' ? 'RSA PRIVATE KEY' : 'OPENSSH PRIVATE KEY';
    return {
      KeyPairId: k.id,
      KeyName: k.name,
      KeyFingerprint: k.fingerprint,
      KeyMaterial: `-----BEGIN ${label}-----\n${body.trimEnd()}\n-----END ${label}-----`,
      Tags: tagsOut(k.tags),
    };
  }

  importKeyPair(i: any) {
    const name = need<string>(i.KeyName, 'KeyName');
    const raw = need<Uint8Array | string>(i.PublicKeyMaterial, 'PublicKeyMaterial');
    const text = typeof raw === 'string' ? raw : Buffer.from(raw).toString('utf8');
    const m = /^(ssh-rsa|ssh-ed25519) [A-Za-z0-9+/]+={0,2}(\s.*)?$/.exec(text.trim());
    if (!m) throw awsError('InvalidKey.Format', 'Key is not in valid OpenSSH public key format');
    const tags = tagsFromSpecs(i.TagSpecifications, 'key-pair');
    // Imported keys get an MD5 (16 byte) fingerprint of the public key.
    const k = this.addKey(name, m[1] === 'ssh-rsa' ? 'rsa' : 'ed25519', tags, 16);
    return { KeyPairId: k.id, KeyName: k.name, KeyFingerprint: k.fingerprint, Tags: tagsOut(k.tags) };
  }

  deleteKeyPair(i: any) {
    let k: KeyRec | undefined;
    if (i.KeyPairId !== undefined) {
      k = this.s.keyPairs.get(i.KeyPairId);
      if (!k || k.goneAt !== undefined) throw notFound('key', i.KeyPairId);
    } else {
      k = this.s.keyByName(i.KeyName);
    }
    k.goneAt = this.s.now();
    return { Return: true, KeyPairId: k.id };
  }

  describeKeyPairs(i: any) {
    let pool = pickIds(this.s.live(this.s.keyPairs), i.KeyNames, (x) => x.name, 'key');
    pool = pickIds(pool, i.KeyPairIds, (x) => x.id, 'key');
    const out = applyFilters(
      pool,
      i.Filters,
      {
        'key-name': (x) => x.name,
        'key-pair-id': (x) => x.id,
        fingerprint: (x) => x.fingerprint,
        'key-type': (x) => x.keyType,
      },
      (x) => x.tags,
    );
    return { KeyPairs: out.map((x) => this.v.key(x)) };
  }
}
