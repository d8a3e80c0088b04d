/**
 * pusher-js ships CommonJS with ESM-style typings; under NodeNext the default
 * import is typed as the module namespace. This gives the class its real type.
 * Echo's own typings expect the namespace form, exported as PusherModule.
 */
import PusherModule from 'pusher-js';

type PusherConstructor = (typeof import('pusher-js/types/src/core/pusher.js'))['default'];

export const Pusher = PusherModule as unknown as PusherConstructor;
export type Pusher = InstanceType<PusherConstructor>;
export { PusherModule };
