'use strict';
/*
 * Preloaded into every server a benchmark starts (`node -r bench/lib/probe.cjs …`), Plenary and the bare
 * baselines alike, so both are measured the same way: on request over the IPC channel it answers the
 * process's own CPU time (process.cpuUsage, all threads) and memory, after a full GC when asked and exposed.
 * It changes nothing else in the process, and never keeps it alive.
 */
if (typeof process.send === 'function') {
  process.on('message', (message) => {
    if (!message || message.type !== 'probe') {
      return;
    }
    if (message.gc && typeof global.gc === 'function') {
      for (let i = 0; i < 3; i += 1) {
        global.gc();
      }
    }
    const cpu = process.cpuUsage();
    const memory = process.memoryUsage();
    process.send({
      type: 'probe',
      id: message.id,
      cpuMicros: cpu.user + cpu.system,
      rss: memory.rss,
      heapUsed: memory.heapUsed,
      external: memory.external,
      arrayBuffers: memory.arrayBuffers,
    });
  });
  if (process.channel && typeof process.channel.unref === 'function') {
    process.channel.unref();
  }
}
