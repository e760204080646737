import { afterAll, beforeAll } from 'vitest';
import { startMoto, type Moto } from './moto-server.js';

export { freePort, startMoto, type Moto } from './moto-server.js';

/** One moto_server for the enclosing describe block: started before its tests, stopped after. */
export function useMoto(): Pick<Moto, 'url' | 'reset'> {
  let moto: Moto | undefined;
  beforeAll(async () => {
    moto = await startMoto();
  });
  afterAll(async () => {
    await moto?.stop();
  });
  const started = () => {
    if (!moto) throw new Error('moto_server is not running (useMoto must be called inside a describe block)');
    return moto;
  };
  return {
    get url() {
      return started().url;
    },
    reset: () => started().reset(),
  };
}
