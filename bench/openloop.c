/*
 * openloop.c: the C twin of bench/openloop.py (same flags, same output line), for rates
 * CPython cannot keep up with on a core shared with the backend. Open-loop, constant-rate
 * HTTP/1.1 load: request i is scheduled at start + i/rate whatever the server does and
 * sent on one of N keep-alive connections (no pipelining; a request that finds no free
 * connection waits, and the wait counts in its latency). Latency runs from the scheduled
 * time to the last byte of the answer (no coordinated omission). Timers: epoll_pwait2
 * (nanosecond timeouts). suite.sh compiles it with `cc -O2` when a C compiler exists.
 *
 *   openloop --url http://127.0.0.1:8080/path --rate R --duration S [--warmup S]
 *            [--connections N] [--header 'K: V']... [--drain S] [--tick US]
 * --tick US: wake on a periodic timer every US microseconds (a timerfd in the epoll set,
 *   epoll waits without a timeout) instead of at each request's exact time, and send every
 *   request that is due. Each request still counts from its own scheduled time, so one sent
 *   up to US late carries that wait in its latency (for every contender alike). Why: an
 *   epoll wait with a timeout arms a kernel timer on every call, ~20 us of system time per
 *   call on this VM, and the exact-time loop makes about one call per request, which at
 *   ~20k req/s took most of the load core. 0 (default): exact timing.
 * Prints: sent completed errors offered_rps achieved_rps p50_us p90_us p99_us p999_us
 *         max_us late_p50_us late_p99_us (key=value, one line). Exit 0; 2 usage/connect.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/timerfd.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

typedef struct {
  int fd, busy, dead, in_body;
  int64_t sched;        /* ns, scheduled time of the request in flight */
  char head[8192];
  size_t hlen;
  long remaining;       /* body bytes still to read */
  int status;
} conn_t;

static int64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int cmp64(const void *a, const void *b) {
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return x < y ? -1 : x > y;
}

static double pct(int64_t *v, long n, double p) {
  if (n == 0) return NAN;
  long i = (long)ceil(p / 100.0 * n) - 1;
  if (i < 0) i = 0;
  if (i >= n) i = n - 1;
  return v[i] / 1000.0;
}

static void die(const char *m) { fprintf(stderr, "openloop: %s\n", m); exit(2); }

int main(int argc, char **argv) {
  const char *url = NULL;
  double rate = 0, duration = 8, warmup = 1, drain = 2, tick_us = 0;
  int nconn = 64;
  char headers[4096] = "";
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (!v) die("missing value");
    if (!strcmp(a, "--url")) url = v;
    else if (!strcmp(a, "--rate")) rate = atof(v);
    else if (!strcmp(a, "--duration")) duration = atof(v);
    else if (!strcmp(a, "--warmup")) warmup = atof(v);
    else if (!strcmp(a, "--drain")) drain = atof(v);
    else if (!strcmp(a, "--tick")) tick_us = atof(v);
    else if (!strcmp(a, "--connections")) nconn = atoi(v);
    else if (!strcmp(a, "--header")) {
      if (strlen(headers) + strlen(v) + 3 >= sizeof headers) die("headers too long");
      strcat(headers, v);
      strcat(headers, "\r\n");
    } else die("unknown flag");
    i++;
  }
  if (!url || rate <= 0 || duration <= 0 || nconn < 1 || warmup < 0 || tick_us < 0) die("usage: --url U --rate R [--duration S]");
  if (strncmp(url, "http://", 7)) die("only http:// URLs");
  char hostport[256], path[2048] = "/";
  const char *p = url + 7, *slash = strchr(p, '/');
  size_t hl = slash ? (size_t)(slash - p) : strlen(p);
  if (hl >= sizeof hostport) die("host too long");
  memcpy(hostport, p, hl);
  hostport[hl] = 0;
  if (slash) snprintf(path, sizeof path, "%s", slash);
  char host[256];
  int port = 80;
  snprintf(host, sizeof host, "%s", hostport);
  char *colon = strrchr(host, ':');
  if (colon) { *colon = 0; port = atoi(colon + 1); }
  if (!strcmp(host, "localhost")) snprintf(host, sizeof host, "127.0.0.1");

  char request[8192];
  int reqlen = snprintf(request, sizeof request, "GET %s HTTP/1.1\r\nHost: %s\r\n%s\r\n", path, hostport, headers);

  struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(port)};
  if (inet_pton(AF_INET, host, &sa.sin_addr) != 1) die("host must be an IPv4 address");

  prctl(PR_SET_TIMERSLACK, 1UL, 0, 0, 0);   /* wake on time, not up to 50 us late */
  int ep = epoll_create1(0);
  int tfd = -1;
  if (tick_us > 0) {
    tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
    if (tfd < 0) die("timerfd_create failed");
    struct epoll_event tev = {.events = EPOLLIN, .data.u32 = UINT32_MAX};
    epoll_ctl(ep, EPOLL_CTL_ADD, tfd, &tev);
  }
  conn_t *c = calloc(nconn, sizeof *c);
  int *freel = malloc(sizeof(int) * nconn), nfree = 0;
  for (int i = 0; i < nconn; i++) {
    int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;
    if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof sa)) {
      fprintf(stderr, "openloop: cannot connect to %s:%d: %s\n", host, port, strerror(errno));
      return 2;
    }
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    c[i].fd = fd;
    struct epoll_event ev = {.events = EPOLLIN, .data.u32 = (uint32_t)i};
    epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
    freel[nfree++] = i;
  }

  const int64_t interval = (int64_t)(1e9 / rate);
  const int64_t tick = (int64_t)(tick_us * 1000);
  const long total = lround(rate * (warmup + duration));
  int64_t start = now_ns() + 10000000LL;
  const int64_t measure_from = start + (int64_t)(warmup * 1e9);
  const int64_t deadline = start + (int64_t)((warmup + duration + drain) * 1e9);
  if (tfd >= 0) {
    struct itimerspec its = {
        .it_interval = {.tv_sec = tick / 1000000000LL, .tv_nsec = tick % 1000000000LL},
        .it_value = {.tv_sec = start / 1000000000LL, .tv_nsec = start % 1000000000LL}};
    if (timerfd_settime(tfd, TFD_TIMER_ABSTIME, &its, NULL) < 0) die("timerfd_settime failed");
  }
  int64_t *lat = malloc(sizeof(int64_t) * (total + 1)), *late = malloc(sizeof(int64_t) * (total + 1));
  int64_t *backlog = malloc(sizeof(int64_t) * (total + 1));
  long nlat = 0, nlate = 0, bhead = 0, btail = 0, next_i = 0, sent = 0, completed = 0, errors = 0, outstanding = 0;
  static char buf[262144];
  struct epoll_event evs[256];

#define SEND(ci, sch, now, ontime) do { \
    conn_t *cc = &c[ci]; cc->busy = 1; cc->sched = (sch); cc->hlen = 0; cc->in_body = 0; outstanding++; \
    if ((sch) >= measure_from) { sent++; if (ontime) late[nlate++] = (now) - (sch); } \
    if (send(cc->fd, request, reqlen, MSG_NOSIGNAL) < 0) { /* the read side sees the close */ } \
  } while (0)

  for (;;) {
    int64_t now = now_ns();
    while (next_i < total) {
      int64_t sch = start + next_i * interval;
      if (sch > now) break;
      next_i++;
      if (nfree) { int ci = freel[--nfree]; SEND(ci, sch, now, 1); }
      else backlog[btail++] = sch;
    }
    if (next_i >= total && outstanding == 0 && bhead == btail) break;
    if (now > deadline) break;
    struct timespec to;
    int n;
    if (tfd >= 0) {
      n = epoll_wait(ep, evs, 256, -1);   /* the tick timer wakes it */
      if (n < 0 && errno != EINTR) die("epoll_wait failed");
    } else {
      int64_t wait = next_i < total ? start + next_i * interval - now : 50000000LL;
      if (wait < 0) wait = 0;
      to.tv_sec = wait / 1000000000LL;
      to.tv_nsec = wait % 1000000000LL;
      n = epoll_pwait2(ep, evs, 256, &to, NULL);
      if (n < 0 && errno != EINTR) die("epoll_pwait2 failed");
    }
    for (int e = 0; e < n; e++) {
      if (evs[e].data.u32 == UINT32_MAX) {
        uint64_t expirations;
        if (read(tfd, &expirations, sizeof expirations) < 0) { /* EAGAIN: already read */ }
        continue;
      }
      int ci = evs[e].data.u32;
      conn_t *cc = &c[ci];
      ssize_t r = recv(cc->fd, buf, sizeof buf, 0);
      if (r < 0 && (errno == EAGAIN || errno == EINTR)) continue;
      if (r <= 0) {
        epoll_ctl(ep, EPOLL_CTL_DEL, cc->fd, NULL);
        cc->dead = 1;
        if (cc->busy) { cc->busy = 0; outstanding--; errors++; }
        for (int k = 0; k < nfree; k++) if (freel[k] == ci) { freel[k] = freel[--nfree]; break; }
        continue;
      }
      if (!cc->busy) continue;   /* unexpected bytes on an idle connection: ignore */
      char *d = buf;
      size_t left = r;
      if (!cc->in_body) {
        size_t take = left < sizeof cc->head - 1 - cc->hlen ? left : sizeof cc->head - 1 - cc->hlen;
        memcpy(cc->head + cc->hlen, d, take);
        size_t old = cc->hlen;
        cc->hlen += take;
        cc->head[cc->hlen] = 0;
        char *end = strstr(cc->head, "\r\n\r\n");
        if (!end) {
          if (cc->hlen >= sizeof cc->head - 1) { cc->status = -1; cc->in_body = 1; cc->remaining = 0; }
          else continue;
        } else {
          size_t hdrlen = (size_t)(end - cc->head) + 4;
          cc->status = cc->hlen > 12 ? atoi(cc->head + 9) : 0;
          long cl = 0;
          char *h = cc->head;
          for (char *q = h; q && q < end; q = strstr(q, "\r\n")) {
            q += 2;
            if (!strncasecmp(q, "content-length:", 15)) { cl = atol(q + 15); break; }
            if (!strncasecmp(q, "transfer-encoding:", 18)) { cc->status = -1; break; }
          }
          long body_here = (long)(old + left) - (long)hdrlen;   /* bytes of this read past the header */
          if (body_here < 0) body_here = 0;
          cc->remaining = cl - body_here;
          cc->in_body = 1;
          left = 0;
        }
      } else {
        cc->remaining -= (long)left;
      }
      if (cc->in_body && cc->remaining <= 0) {
        int64_t done = now_ns();
        cc->busy = 0;
        outstanding--;
        if (cc->sched >= measure_from) {
          completed++;
          if (cc->status != 200) errors++;
          lat[nlat++] = done - cc->sched;
        }
        if (bhead != btail) { int64_t sch = backlog[bhead++]; SEND(ci, sch, done, 0); }
        else freel[nfree++] = ci;
      }
    }
  }
  for (long k = bhead; k < btail; k++) if (backlog[k] >= measure_from) errors++;
  for (int i = 0; i < nconn; i++) if (c[i].busy && c[i].sched >= measure_from) errors++;
  errors += total - next_i;
  qsort(lat, nlat, sizeof *lat, cmp64);
  qsort(late, nlate, sizeof *late, cmp64);
  printf("sent=%ld completed=%ld errors=%ld offered_rps=%.0f achieved_rps=%.0f p50_us=%.1f p90_us=%.1f "
         "p99_us=%.1f p999_us=%.1f max_us=%.1f late_p50_us=%.1f late_p99_us=%.1f\n",
         sent, completed, errors, rate, completed / duration, pct(lat, nlat, 50), pct(lat, nlat, 90),
         pct(lat, nlat, 99), pct(lat, nlat, 99.9), nlat ? lat[nlat - 1] / 1000.0 : NAN, pct(late, nlate, 50),
         pct(late, nlate, 99));
  return 0;
}
