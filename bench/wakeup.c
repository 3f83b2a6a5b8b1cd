// wakeup: how late a sleeping thread on this core is woken, which no proxy can beat.
//
//   wakeup [--interval US] [--duration S]
//
// Sleeps to absolute deadlines every US microseconds (200) for S seconds (8) on
// CLOCK_MONOTONIC and records how long after each deadline it ran again (the idea of
// cyclictest, without real-time priority: a proxy's event loop runs at normal priority and is
// woken the same way, by the kernel, when a packet arrives). Deadlines are evenly spaced, so
// the lateness distribution is that of a request arriving at a random moment on an otherwise
// idle core: the part of a proxy's added latency that is the core's (hypervisor steal, other
// tasks, interrupts), not the proxy's. Pin it with taskset to the proxy's core.
//
// Prints one line: wakeups=N p50_us= p99_us= p999_us= max_us= late1ms= (the share of wakeups
// more than 1 ms late, percent). Exit status 2 on bad arguments.
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <time.h>

static long long now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int compare(const void *a, const void *b) {
  long long x = *(const long long *)a, y = *(const long long *)b;
  return (x > y) - (x < y);
}

static long parse(const char *flag, const char *value, long min, long max) {
  char *end;
  errno = 0;
  long v = value ? strtol(value, &end, 10) : 0;
  if (!value || errno || *end || v < min || v > max) {
    fprintf(stderr, "wakeup: %s needs a whole number from %ld to %ld\n", flag, min, max);
    exit(2);
  }
  return v;
}

int main(int argc, char **argv) {
  long interval_us = 200, duration_s = 8;
  for (int i = 1; i < argc; i += 2) {
    if (!strcmp(argv[i], "--interval")) {
      interval_us = parse(argv[i], i + 1 < argc ? argv[i + 1] : NULL, 10, 1000000);
    } else if (!strcmp(argv[i], "--duration")) {
      duration_s = parse(argv[i], i + 1 < argc ? argv[i + 1] : NULL, 1, 3600);
    } else {
      fprintf(stderr, "usage: wakeup [--interval US] [--duration S]\n");
      return 2;
    }
  }
  // Timers normally fire up to 50 us late on purpose (timer slack, to batch wake-ups); a
  // packet's wake-up has none, so neither may this.
  prctl(PR_SET_TIMERSLACK, 1UL, 0, 0, 0);
  long long step = interval_us * 1000LL;
  size_t n = (size_t)(duration_s * 1000000LL / interval_us);
  long long *late = malloc(n * sizeof *late);
  if (!late) {
    fprintf(stderr, "wakeup: out of memory\n");
    return 1;
  }
  long long deadline = now_ns() + step;
  size_t count = 0;
  while (count < n) {
    struct timespec ts = {deadline / 1000000000LL, deadline % 1000000000LL};
    int rc = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
    if (rc == EINTR) continue;
    long long t = now_ns();
    // A wake after several deadlines passed counts once per missed deadline: each stands for
    // a request that arrived then and waited until now.
    while (deadline <= t && count < n) {
      late[count++] = t - deadline;
      deadline += step;
    }
  }
  qsort(late, count, sizeof *late, compare);
  size_t over1ms = 0;
  for (size_t i = 0; i < count; i++) over1ms += late[i] > 1000000LL;
  printf("wakeups=%zu p50_us=%.0f p99_us=%.0f p999_us=%.0f max_us=%.0f late1ms=%.3f\n", count,
         late[count / 2] / 1e3, late[count * 99 / 100] / 1e3, late[count * 999 / 1000] / 1e3,
         late[count - 1] / 1e3, 100.0 * over1ms / count);
  free(late);
  return 0;
}
