import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { costPerMillion, minInstancesUsdPerHour, windowCostUsd } from '../../src/summarize/cloudrun-cost.ts';
import { CLOUDRUN_PRICES, cloudrunPrices } from '../../src/summarize/cloudrun-prices.ts';

const GiB = 1024 ** 3;
// One instance of 1 vCPU and 1 GiB alive for 10 s, 2 s of it with a request in flight, 1,000 requests.
const usage = { cpus: 1, memoryBytes: GiB, requests: 1000, instanceSeconds: 10, busyInstanceSeconds: 2, windowSeconds: 10 };
const close = (a: number | null, b: number) => assert.ok(a !== null && Math.abs(a - b) < 1e-12, `${a} vs ${b}`);

describe("Cloud Run's cost", () => {
  it('bills request-based CPU for busy time and each request, and idle instances nothing', () => {
    close(windowCostUsd(usage, { cpu: 'request', minInstances: 0 }), 2 * (0.000024 + 0.0000025) + 1000 * 4e-7);
  });

  it('bills the idle time of minInstances instances at the idle rate, no more than they can be idle', () => {
    close(windowCostUsd(usage, { cpu: 'request', minInstances: 1 }), 2 * (0.000024 + 0.0000025) + 1000 * 4e-7 + 8 * (0.0000025 + 0.0000025));
    close(windowCostUsd({ ...usage, windowSeconds: 5 }, { cpu: 'request', minInstances: 1 }), 2 * (0.000024 + 0.0000025) + 1000 * 4e-7 + 5 * (0.0000025 + 0.0000025));
  });

  it('bills instance-based CPU for the whole instance time, without a request fee', () => {
    close(windowCostUsd(usage, { cpu: 'instance', minInstances: 0 }), 10 * (0.000018 + 0.000002));
  });

  it('gives the cost per million requests, and none without requests', () => {
    close(costPerMillion(usage, { cpu: 'instance', minInstances: 0 }), ((10 * 0.00002) / 1000) * 1e6);
    assert.equal(costPerMillion({ ...usage, requests: 0 }, { cpu: 'request', minInstances: 0 }), null);
  });

  it('prices warm capacity: an idle minInstances instance an hour, by billing setting', () => {
    close(minInstancesUsdPerHour({ cpus: 1, memoryBytes: GiB / 2 }, { cpu: 'request', minInstances: 1 }), (0.0000025 + 0.00000125) * 3600);
    close(minInstancesUsdPerHour({ cpus: 2, memoryBytes: GiB }, { cpu: 'instance', minInstances: 2 }), 2 * (2 * 0.000018 + 0.000002) * 3600);
    assert.equal(minInstancesUsdPerHour({ cpus: 1, memoryBytes: GiB }, { cpu: 'request', minInstances: 0 }), 0);
  });

  it('takes a whole override table, and falls back to the dated one otherwise', () => {
    const override = { ...CLOUDRUN_PRICES, region: 'europe-west1', asOf: '2026-12-01', request: { ...CLOUDRUN_PRICES.request, requestUsd: 5e-7 } };
    assert.equal(cloudrunPrices(override).request.requestUsd, 5e-7);
    assert.equal(cloudrunPrices(null), CLOUDRUN_PRICES);
  });
});
