/* A process started ahead of its run (PRESTART): an interpreter that does its start-up in the
 * slot's fresh cgroup, namespaces and work dir, locked down exactly as a run (run_spawn), and then
 * waits on fd 3 for the run it becomes (the protocol: struct prestarted in launcher.h). It serves
 * one run at most: a RUN that does not use it, and every RESET, end it first. Nothing here
 * replies to the engine: a pre-started process that failed to start, died or does not match is
 * simply not used, and the RUN goes the usual way. */
#define _GNU_SOURCE
#include "launcher.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

static void close_if_open(int *fd)
{
    if (*fd >= 0)
        close(*fd);
    *fd = -1;
}

static void release(struct prestarted *p)
{
    close_if_open(&p->control);
    close_if_open(&p->stdin_fd);
    close_if_open(&p->streams[0]);
    close_if_open(&p->streams[1]);
    free(p->request);
    *p = (struct prestarted){.control = -1, .stdin_fd = -1, .streams = {-1, -1}};
}

void prestart_end(struct run_context *ctx)
{
    if (ctx->prestarted.pid == 0)
        return;
    run_kill_all(); /* between runs it is the only process of the container */
    release(&ctx->prestarted);
}

void prestart_discard(struct run_context *ctx)
{
    prestart_end(ctx);
    /* Its start-up was charged to the cgroup (CPU, peak memory): the next run needs a clean one. */
    cgroup_kill_and_remove(ctx->cgroup);
    if ((ctx->cgroup = cgroup_create_next()) == NULL)
        proto_fatal(ctx->sock, "creating a cgroup: %s", strerror(errno));
}

void prestart_start(struct run_context *ctx, const void *payload, size_t length)
{
    if (ctx->prestarted.pid != 0)
        prestart_discard(ctx);
    struct prestarted *p = &ctx->prestarted;
    *p = (struct prestarted){.control = -1, .stdin_fd = -1, .streams = {-1, -1}};
    struct request_view view = {0};
    int stdio[3] = {-1, -1, -1}, pair[2] = {-1, -1}, out[2] = {-1, -1}, err[2] = {-1, -1};
    pid_t pid = -1;
    int32_t report[2] = {0, 0};

    if (run_parse_request(payload, length, &view) < 0 || view.fixed->flags != 0 || ctx->cgroup == NULL ||
        cgroup_set_limits(ctx->cgroup, view.fixed->memory_bytes, view.fixed->processes) < 0)
        goto failed;
    /* Its stdin is a private memfd as a usual run's is (the engine's copy); the run's bytes are
     * copied in at the hand-off. */
    if ((p->stdin_fd = memfd_create("stdin", MFD_CLOEXEC)) < 0 || pipe2(out, O_CLOEXEC) < 0 || pipe2(err, O_CLOEXEC) < 0 ||
        socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) < 0)
        goto failed;
    stdio[0] = p->stdin_fd;
    stdio[1] = out[1];
    stdio[2] = err[1];
    pid = run_spawn(ctx, &view, stdio, pair[1], report);
    if (pid < 0 || report[1] != STAGE_NONE)
        goto failed;
    if ((p->request = malloc(length)) == NULL)
        goto failed;
    memcpy(p->request, payload, length);
    p->length = length;
    p->pid = pid;
    p->control = pair[0];
    p->streams[0] = out[0];
    p->streams[1] = err[0];
    close(out[1]);
    close(err[1]);
    close(pair[1]);
    free(view.argv);
    free(view.envp);
    return;

failed:
    for (int i = 0; i < 2; i++) {
        close_if_open(&pair[i]);
        close_if_open(&out[i]);
        close_if_open(&err[i]);
    }
    free(view.argv);
    free(view.envp);
    release(p);
    if (pid > 0) {
        run_kill_all();
        cgroup_kill_and_remove(ctx->cgroup);
        if ((ctx->cgroup = cgroup_create_next()) == NULL)
            proto_fatal(ctx->sock, "creating a cgroup: %s", strerror(errno));
    }
}

/* Everything a process gets at its start must be what this run asks for: all limits (the
 * rlimits and the cgroup's are applied at start), the working directory and the environment. */
static int same_start(const struct prestarted *p, const struct request_view *run)
{
    struct request_view held = {0};
    if (run_parse_request(p->request, p->length, &held) < 0)
        return 0;
    const struct run_request *a = held.fixed, *b = run->fixed;
    int same = a->cpu_time_ms == b->cpu_time_ms && a->wall_time_ms == b->wall_time_ms && a->memory_bytes == b->memory_bytes &&
               a->output_bytes == b->output_bytes && a->file_size_bytes == b->file_size_bytes && a->stack_bytes == b->stack_bytes &&
               a->processes == b->processes && a->open_files == b->open_files && a->envc == b->envc && strcmp(held.cwd, run->cwd) == 0;
    for (uint32_t i = 0; same && i < a->envc; i++)
        same = strcmp(held.envp[i], run->envp[i]) == 0;
    free(held.argv);
    free(held.envp);
    return same;
}

/* Waits for its 'r' (start-up done); end of file means it died. */
static int wait_ready(const struct prestarted *p, uint64_t timeout_ms)
{
    struct pollfd poll_fd = {.fd = p->control, .events = POLLIN};
    int timeout = timeout_ms > INT_MAX ? INT_MAX : (int)timeout_ms;
    int rc;
    do
        rc = poll(&poll_fd, 1, timeout);
    while (rc < 0 && errno == EINTR);
    char byte = 0;
    return rc == 1 && read(p->control, &byte, 1) == 1 && byte == 'r' ? 0 : -1;
}

/* The run's stdin, from offset 0, into the process's own memfd (its offset stays at 0). */
static int copy_stdin(int from, int to)
{
    struct stat st;
    if (fstat(from, &st) < 0 || !S_ISREG(st.st_mode))
        return -1;
    char buffer[65536];
    off_t offset = 0;
    for (;;) {
        ssize_t n = pread(from, buffer, sizeof buffer, offset);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return n < 0 ? -1 : 0;
        for (ssize_t done = 0; done < n;) {
            ssize_t w = pwrite(to, buffer + done, (size_t)(n - done), offset + done);
            if (w < 0 && errno != EINTR)
                return -1;
            done += w > 0 ? w : 0;
        }
        offset += n;
    }
}

static int write_all(int fd, const void *data, size_t length)
{
    const char *p = data;
    while (length > 0) {
        ssize_t n = write(fd, p, length);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        p += n;
        length -= (size_t)n;
    }
    return 0;
}

static int send_hand_off(const struct prestarted *p, const struct request_view *run, int has_stdin)
{
    if (write_all(p->control, has_stdin ? "1" : "0", 1) < 0)
        return -1;
    for (uint32_t i = 0; i < run->fixed->argc; i++)
        if (write_all(p->control, run->argv[i], strlen(run->argv[i]) + 1) < 0)
            return -1;
    return 0;
}

pid_t prestart_take(struct run_context *ctx, const struct request_view *view, int stdin_fd, int streams[2])
{
    struct prestarted *p = &ctx->prestarted;
    if (p->pid == 0)
        return 0;
    if (!same_start(p, view) || wait_ready(p, view->fixed->wall_time_ms) < 0 ||
        (stdin_fd >= 0 && copy_stdin(stdin_fd, p->stdin_fd) < 0) || send_hand_off(p, view, stdin_fd >= 0) < 0) {
        prestart_discard(ctx);
        return 0;
    }
    pid_t pid = p->pid;
    streams[0] = p->streams[0];
    streams[1] = p->streams[1];
    p->streams[0] = p->streams[1] = -1;
    release(p); /* closing the control socket ends the hand-off: the process reads end of file */
    return pid;
}
