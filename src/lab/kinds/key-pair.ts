import { CreateKeyPairCommand, DeleteKeyPairCommand, ImportKeyPairCommand } from '@aws-sdk/client-ec2';
import { promises as fs } from 'node:fs';
import { errorCode } from '../../aws/errors.js';
import { LabError } from '../../engine/errors.js';
import { conflicting } from '../../engine/finding.js';
import type { Resource } from '../../engine/resource.js';
import type { LabContext } from '../core/context.js';
import { choose } from '../core/inventory.js';
import { tagSpec } from '../core/tags.js';
import { label, type Labelled } from '../core/label.js';

export function keyPair(spec: { key: Labelled<[name: string, importedFrom: string | undefined, keyPath: string]>; chapter: number }): Resource<LabContext> {
  const { key } = spec;
  const find = async (ctx: LabContext) => {
    const kp = choose(ctx, await ctx.inventory.keyPairs(), key, (k) => k.KeyPairId);
    return kp && { id: kp.KeyPairId ?? kp.KeyName!, attrs: { name: kp.KeyName } };
  };
  const make = async (ctx: LabContext) => {
    const { keyName, publicKeyFile, name, extraTags } = ctx.settings;
    const TagSpecifications = tagSpec('keyPair', name, key, 'key', extraTags);
    if (publicKeyFile) {
      const material = await fs.readFile(publicKeyFile);
      const out = await ctx.ec2.send(new ImportKeyPairCommand({ KeyName: keyName, PublicKeyMaterial: material, TagSpecifications }));
      return { id: out.KeyPairId ?? keyName, attrs: { name: keyName } };
    }
    const out = await ctx.ec2.send(new CreateKeyPairCommand({ KeyName: keyName, KeyType: 'ed25519', TagSpecifications }));
    // Kept with the state (a 0600 file next to it, or encrypted in its bucket), nowhere else.
    await ctx.state.saveKey(keyName, out.KeyMaterial!);
    return { id: out.KeyPairId ?? keyName, attrs: { name: keyName } };
  };
  return {
    key,
    kind: 'KeyPair',
    actions: ['ec2:DescribeKeyPairs', 'ec2:CreateKeyPair', 'ec2:ImportKeyPair', 'ec2:CreateTags', 'ec2:DeleteKeyPair', 'ec2:DescribeInstances'],
    chapter: spec.chapter,
    dependsOn: [],
    label: (ctx) => label(key, ctx.settings.keyName, ctx.settings.publicKeyFile, ctx.privateKeyPath),
    find,
    async create(ctx) {
      try {
        return await make(ctx);
      } catch (err) {
        if (errorCode(err) !== 'InvalidKeyPair.Duplicate') throw err;
        // Ours, made by a call whose answer was lost (the SDK sent it again)?
        ctx.refresh();
        const ours = await find(ctx);
        if (!ours) {
          throw new LabError('KeyPairTaken', ['err_keyPairTaken', ctx.settings.keyName], ['hint_keyPairTaken'], 2);
        }
        return ours; // converge makes it again if its private key was lost with the answer
      }
    },
    check(ctx, live) {
      return live.attrs.name !== ctx.settings.keyName ? [conflicting('lab.key-name', 2, live.id, ['conflict_keyName', live.attrs.name ?? '', ctx.settings.keyName])] : [];
    },
    async converge(ctx, live, step) {
      if (ctx.settings.publicKeyFile || (await ctx.state.hasKey(ctx.settings.keyName))) return live;
      // We made this key pair but never got (or lost) its private key: a lost answer, or a
      // crash between the two. If no server uses it yet, make it again and keep the key.
      const users = (await ctx.inventory.instances()).filter((i) => i.KeyName === live.attrs.name);
      if (users.length > 0) {
        step.progress(['progress_privateKeyMissing', ctx.privateKeyPath]);
        return live;
      }
      await ctx.ec2.send(new DeleteKeyPairCommand({ KeyName: live.attrs.name }));
      const again = await make(ctx);
      await ctx.state.setId(key, again.id);
      step.changed(['changed_keyPairAgain']);
      return again;
    },
    async delete(ctx, live) {
      await ctx.ec2.send(new DeleteKeyPairCommand({ KeyName: live.attrs.name }));
      // The key pair is gone; a private key we saved for it opens nothing any more.
      await ctx.state.removeKey(live.attrs.name!);
    },
  };
}
