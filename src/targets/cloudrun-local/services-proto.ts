/**
 * The Cloud Run Admin API v2 and google.longrunning protos, loaded at run time
 * from the .proto files @google-cloud/run ships (its includes, google/api,
 * google/longrunning, google/rpc and google/iam, come with google-gax).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { loadSync, type MessageTypeDefinition, type ServiceDefinition } from '@grpc/proto-loader';

const require = createRequire(import.meta.url);
/** …/@google-cloud/run/build/src/index.js; the protos are in …/build/protos, and google-gax's likewise. */
const runMain = require.resolve('@google-cloud/run');
const gaxMain = createRequire(runMain).resolve('google-gax');

const definitions = loadSync(['google/cloud/run/v2/service.proto', 'google/longrunning/operations.proto'], {
  includeDirs: [join(dirname(runMain), '../protos'), join(dirname(gaxMain), '../protos')],
  // What the handlers see: camelCase fields, enums by name, int64 as numbers,
  // every field present (unset messages as null), a oneof's member only when set.
  keepCase: false,
  longs: Number,
  enums: String,
  defaults: true,
  oneofs: false,
});

export const servicesService = definitions['google.cloud.run.v2.Services'] as ServiceDefinition;
export const operationsService = definitions['google.longrunning.Operations'] as ServiceDefinition;
const serviceMessage = definitions['google.cloud.run.v2.Service'] as MessageTypeDefinition<object, object>;

export interface Timestamp {
  seconds: number;
  nanos: number;
}

/** A google.protobuf.Any: what an Operation carries as metadata and response. */
export interface PackedAny {
  typeUrl: string;
  value: Buffer;
}

/** A google.longrunning.Operation; `error` and `response` are its `result` oneof. */
export interface Operation {
  name: string;
  metadata: PackedAny;
  done: boolean;
  error?: { code: number; message: string; details: PackedAny[] };
  response?: PackedAny;
}

export const SERVICE_TYPE_URL = 'type.googleapis.com/google.cloud.run.v2.Service';

/** A Service (in the handlers' shape) as an Any, protobuf-encoded the way the client's LRO decoder expects. */
export function packService(service: object): PackedAny {
  return { typeUrl: SERVICE_TYPE_URL, value: serviceMessage.serialize(service) };
}

export function timestamp(ms = Date.now()): Timestamp {
  return { seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1e6 };
}
