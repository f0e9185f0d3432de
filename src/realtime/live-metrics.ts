import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram } from 'prom-client';

import { MetricsService } from '../metrics/metrics.service';

/** The live room's Prometheus series (per node): sockets, joins, messages, votes and broadcast latency. */
@Injectable()
export class LiveMetrics {
  readonly sockets: Gauge;
  readonly joins: Counter;
  readonly messages: Counter;
  readonly votes: Counter;
  readonly commands: Counter<'event' | 'outcome'>;
  readonly broadcastSeconds: Histogram<'event'>;

  constructor(metrics: MetricsService) {
    const registers = [metrics.registry];
    this.sockets = new Gauge({ name: 'plenary_live_sockets', help: 'Connected /live sockets', registers });
    this.joins = new Counter({
      name: 'plenary_live_joins_total',
      help: 'Successful session joins',
      registers,
    });
    this.messages = new Counter({
      name: 'plenary_live_messages_total',
      help: 'Chat messages posted',
      registers,
    });
    this.votes = new Counter({
      name: 'plenary_live_votes_total',
      help: 'Votes counted (up and down)',
      registers,
    });
    this.commands = new Counter({
      name: 'plenary_live_commands_total',
      help: 'Socket.IO commands answered, by event and outcome (ok or error code)',
      labelNames: ['event', 'outcome'] as const,
      registers,
    });
    this.broadcastSeconds = new Histogram({
      name: 'plenary_live_broadcast_latency_seconds',
      help: 'From commit of a change to its broadcast leaving this node',
      labelNames: ['event'] as const,
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25],
      registers,
    });
  }
}
