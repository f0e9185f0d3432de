import { Inject, Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';

/**
 * One Prometheus registry per app instance (tests start several in one process). Features register their
 * own metrics here: `metrics.registry`. Every series carries a `node` label (NODE_NAME) so the nodes of one
 * deployment stay apart, and `plenary_node_info{node}` is 1.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  readonly httpRequests = new Counter({
    name: 'plenary_http_requests_total',
    help: 'HTTP requests answered, by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });

  readonly httpDuration = new Histogram({
    name: 'plenary_http_request_duration_seconds',
    help: 'HTTP request duration',
    labelNames: ['method', 'route'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.registry.setDefaultLabels({ node: config.nodeName });
    new Gauge({
      name: 'plenary_node_info',
      help: 'Always 1; labels name this node and its setup',
      labelNames: ['database', 'redis'] as const,
      registers: [this.registry],
    }).set({ database: config.database.type, redis: config.redisUrl ? 'on' : 'off' }, 1);
    collectDefaultMetrics({ register: this.registry, prefix: 'plenary_', eventLoopMonitoringPrecision: 10 });
  }
}
