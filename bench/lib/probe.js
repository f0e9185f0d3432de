'use strict';
/*
 * Preloaded into every server a benchmark starts (`node -r bench/lib/probe.js …`), Plenary and the bare
 * baselines alike, so both are measured the same way: on request over the IPC channel it answers the
 * process's own CPU time (process.cpuUsage, all threads) and memory, after a full GC when asked and exposed.
 * It also answers how long the main thread waited for a CPU (so a run starved by other processes on the same
 * core shows as such). It changes nothing else in the process, and never keeps it alive.
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
    if (message.heapSnapshot) {
      require('node:v8').writeHeapSnapshot(message.heapSnapshot);
    }
    const cpu = process.cpuUsage();
    let runQueueNs = 0;
    try {
      // Time the main thread spent runnable but waiting for a CPU (Linux): other processes on its core.
      runQueueNs = Number(
        require('node:fs').readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[1],
      );
    } catch {
      runQueueNs = 0;
    }
    const memory = process.memoryUsage();
    process.send({
      type: 'probe',
      id: message.id,
      cpuMicros: cpu.user + cpu.system,
      runQueueNs,
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
