/* One run: fork a child that locks itself down and execs the program, then watch it (wall and
 * CPU deadlines, output caps, the engine's KILL) until it exits, and remove everything it left. */
#define _GNU_SOURCE
#include "launcher.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/close_range.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

struct stream {
    int fd;         /* our read end of a captured stream, -1 when passed through or closed */
    uint32_t frame; /* MSG_STDOUT or MSG_STDERR */
    uint64_t total;
};

/* ---- the child, between clone and exec: only async-signal-safe calls ---- */

static void child_fail(int error_fd, uint32_t stage)
{
    int32_t report[2] = {errno, (int32_t)stage};
    if (write(error_fd, report, sizeof report) < 0) {
        /* nothing left to tell anyone */
    }
    _exit(127);
}

static int limit(int resource, rlim_t soft, rlim_t hard)
{
    struct rlimit value = {.rlim_cur = soft, .rlim_max = hard};
    return setrlimit(resource, &value);
}

static void exec_searching_path(const struct request_view *view, int error_fd)
{
    const char *program = view->argv[0];
    if (strchr(program, '/') != NULL) {
        execve(program, view->argv, view->envp);
        child_fail(error_fd, STAGE_EXEC);
    }
    const char *path = "/usr/local/bin:/usr/bin:/bin";
    for (char **e = view->envp; *e != NULL; e++)
        if (strncmp(*e, "PATH=", 5) == 0)
            path = *e + 5;
    int saved = ENOENT;
    char candidate[4096];
    for (const char *p = path; *p != '\0';) {
        const char *end = strchrnul(p, ':');
        size_t dir = (size_t)(end - p), name = strlen(program);
        if (dir > 0 && dir + 1 + name < sizeof candidate) {
            memcpy(candidate, p, dir);
            candidate[dir] = '/';
            memcpy(candidate + dir + 1, program, name + 1);
            execve(candidate, view->argv, view->envp);
            if (errno != ENOENT && errno != ENOTDIR)
                saved = errno;
        }
        p = *end == ':' ? end + 1 : end;
    }
    errno = saved;
    child_fail(error_fd, STAGE_EXEC);
}

static void child_main(const struct run_context *ctx, const struct request_view *view, int stdio[3], int control, int error_fd)
{
    const struct run_request *req = view->fixed;
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    signal(SIGPIPE, SIG_DFL); /* an ignored signal would stay ignored across exec */

    const unsigned without = ctx->cfg->without;
    /* A cgroup namespace rooted at the run's own cgroup: /proc/self/cgroup then reads "/", not
     * the engine's cgroup path with its pid in it. */
    if (cgroup_join_self(ctx->cgroup, (without & WITHOUT_MEMORY_CGROUP) != 0) < 0 || syscall(SYS_unshare, CLONE_NEWCGROUP) < 0)
        child_fail(error_fd, STAGE_CGROUP);
    if (without & WITHOUT_NAMESPACES)
        for (int i = 0; i < 3; i++)
            if (syscall(SYS_setns, ctx->cfg->host_namespaces[i], 0) < 0)
                child_fail(error_fd, STAGE_CGROUP);
    setsid();

    /* Lift the three streams (and a pre-started process's control socket) above 3 first so
     * that dup2 cannot clobber one with another. */
    int high[4] = {-1, -1, -1, -1};
    for (int i = 0; i < 4; i++)
        if ((i < 3 || control >= 0) && (high[i] = fcntl(i < 3 ? stdio[i] : control, F_DUPFD_CLOEXEC, 10)) < 0)
            child_fail(error_fd, STAGE_FDS);
    for (int i = 0; i < 3; i++)
        if (dup2(high[i], i) < 0)
            child_fail(error_fd, STAGE_FDS);
    /* Every other descriptor closes at exec; the error pipe stays open until then. */
    if (syscall(SYS_close_range, 3u, ~0u, CLOSE_RANGE_CLOEXEC) < 0)
        for (int fd = 3; fd < 4096; fd++)
            fcntl(fd, F_SETFD, FD_CLOEXEC);
    /* dup2 clears close-on-exec on the new descriptor: fd 3 is the one that stays. */
    if (high[3] >= 0 && dup2(high[3], 3) < 0)
        child_fail(error_fd, STAGE_FDS);

    rlim_t cpu_seconds = (rlim_t)((req->cpu_time_ms + 999) / 1000) + 1;
    if (!(without & WITHOUT_RLIMITS) && (limit(RLIMIT_CORE, 0, 0) < 0 || limit(RLIMIT_STACK, req->stack_bytes, req->stack_bytes) < 0 ||
        limit(RLIMIT_FSIZE, req->file_size_bytes, req->file_size_bytes) < 0 ||
        limit(RLIMIT_NOFILE, req->open_files, req->open_files) < 0 ||
        /* A per-process backstop; the launcher stops the whole run at the exact CPU limit. */
        limit(RLIMIT_CPU, cpu_seconds, cpu_seconds + 1) < 0))
        child_fail(error_fd, STAGE_RLIMIT);

    if (chdir(view->cwd) < 0)
        child_fail(error_fd, STAGE_CHDIR);
    /* Raw syscalls: this child shares the launcher's memory (vfork), so no libc wrapper that
     * coordinates threads or touches shared state may run here. */
    gid_t gid = ctx->cfg->gid;
    uid_t uid = ctx->cfg->uid;
    if (!(without & WITHOUT_UID) && (syscall(SYS_setgroups, 0, NULL) < 0 || syscall(SYS_setresgid, gid, gid, gid) < 0 ||
        syscall(SYS_setresuid, uid, uid, uid) < 0))
        child_fail(error_fd, STAGE_CREDENTIALS);
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
        (!(without & WITHOUT_SECCOMP) && prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctx->filter) < 0))
        child_fail(error_fd, STAGE_SECCOMP);
    exec_searching_path(view, error_fd);
}

struct child_args {
    const struct run_context *ctx;
    const struct request_view *view;
    int *stdio;
    int control;
    int error_fd;
};

static int child_entry(void *arg)
{
    const struct child_args *a = arg;
    child_main(a->ctx, a->view, a->stdio, a->control, a->error_fd);
    return 127;
}

/* vfork semantics (shared memory, the launcher paused until exec) skip copying the launcher's
 * page tables: about 0.1 ms a run on this kind of machine. The child runs on its own stack. */
static pid_t spawn_child(struct child_args *args)
{
#if defined(__SANITIZE_ADDRESS__)
    /* AddressSanitizer cannot follow instrumented code onto a vfork child's private stack: tried,
     * its no-return hook before exec takes that stack for the main thread's and reports a false
     * stack-buffer-overflow. Exempting the child code from instrumentation would stop checking the
     * code that matters most, so the sanitizer build forks instead and runs the very same child
     * code, instrumented; only the clone() call and the private stack go unchecked. */
    pid_t pid = fork();
    if (pid == 0)
        _exit(child_entry(args));
    return pid;
#else
    static char *stack;
    const size_t size = 256 * 1024;
    if (stack == NULL) {
        stack = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
        if (stack == MAP_FAILED) {
            stack = NULL;
            return -1;
        }
    }
    return clone(child_entry, stack + size, CLONE_VM | CLONE_VFORK | SIGCHLD, args);
#endif
}

/* ---- the launcher's side ---- */

int run_parse_request(const void *payload, size_t length, struct request_view *view)
{
    if (length < sizeof(struct run_request))
        return -1;
    const struct run_request *req = payload;
    const char *strings = (const char *)payload + sizeof *req;
    size_t size = length - sizeof *req;
    if (req->strings_length != size || size == 0 || strings[size - 1] != '\0' || req->argc == 0 ||
        req->argc > 65536 || req->envc > 65536)
        return -1;
    size_t count = 0;
    for (size_t i = 0; i < size; i++)
        count += strings[i] == '\0';
    if (count != 1 + (size_t)req->argc + req->envc)
        return -1;
    view->fixed = req;
    view->argv = calloc(req->argc + 1, sizeof(char *));
    view->envp = calloc(req->envc + 1, sizeof(char *));
    if (view->argv == NULL || view->envp == NULL)
        return -1;
    const char *p = strings;
    view->cwd = p;
    p += strlen(p) + 1;
    for (uint32_t i = 0; i < req->argc; i++, p += strlen(p) + 1)
        view->argv[i] = (char *)p;
    for (uint32_t i = 0; i < req->envc; i++, p += strlen(p) + 1)
        view->envp[i] = (char *)p;
    return 0;
}

static int cpu_count(void)
{
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0)
        return CPU_COUNT(&set);
    return 1;
}

/* Reads what a captured stream has; forwards it up to the cap. Returns 1 when the cap was
 * passed, -1 when the engine is gone. */
static int pump(int sock, struct stream *s, uint64_t cap)
{
    char buffer[65536];
    ssize_t n = read(s->fd, buffer, sizeof buffer);
    if (n <= 0) {
        if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
            close(s->fd);
            s->fd = -1;
        }
        return 0;
    }
    uint64_t room = s->total < cap ? cap - s->total : 0;
    s->total += (uint64_t)n;
    size_t forward = (uint64_t)n < room ? (size_t)n : (size_t)room;
    if (forward > 0 && proto_send(sock, s->frame, buffer, forward) < 0)
        return -1;
    return s->total > cap;
}

static void reap(pid_t main_pid, int *main_status, int *main_done)
{
    int status;
    pid_t pid;
    while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
        if (pid == main_pid) {
            *main_status = status;
            *main_done = 1;
        }
}

static int send_result(int sock, struct run_result *result)
{
    return proto_send(sock, MSG_RESULT, result, sizeof *result);
}

extern int signal_fd; /* SIGCHLD, blocked and read through signalfd (main.c) */

pid_t run_spawn(const struct run_context *ctx, const struct request_view *view, int stdio[3], int control, int32_t report[2])
{
    int error_pipe[2];
    report[0] = report[1] = 0;
    if (pipe2(error_pipe, O_CLOEXEC) < 0)
        return -1;
    struct child_args args = {.ctx = ctx, .view = view, .stdio = stdio, .control = control, .error_fd = error_pipe[1]};
    pid_t pid = spawn_child(&args);
    int saved = errno;
    close(error_pipe[1]);
    if (pid > 0) {
        ssize_t got;
        do
            got = read(error_pipe[0], report, 2 * sizeof report[0]);
        while (got < 0 && errno == EINTR);
        if (got != (ssize_t)(2 * sizeof report[0]))
            report[0] = report[1] = 0;
    }
    close(error_pipe[0]);
    errno = saved;
    return pid;
}

void run_kill_all(void)
{
    kill(-1, SIGKILL);
    while (waitpid(-1, NULL, 0) > 0 || errno == EINTR) {
    }
}

/* Opens the three standard streams of a usual run: passed descriptors, /dev/null, or pipes
 * whose read ends go to streams[]. */
static int open_stdio(const struct run_request *req, int *fds, int stdio[3], struct stream streams[2])
{
    int next_fd = 0;
    for (int i = 0; i < 3; i++) {
        if (req->flags & (1u << i)) {
            stdio[i] = fds[next_fd];
            fds[next_fd++] = -1; /* ours now */
        } else if (i == 0) {
            stdio[0] = open("/dev/null", O_RDONLY | O_CLOEXEC);
        } else {
            int pipe_fds[2];
            if (pipe2(pipe_fds, O_CLOEXEC) < 0)
                stdio[i] = -1;
            else {
                streams[i - 1].fd = pipe_fds[0];
                stdio[i] = pipe_fds[1];
            }
        }
        if (stdio[i] < 0)
            return -1;
    }
    return 0;
}

int run_execute(struct run_context *ctx, const void *payload, size_t length, int *fds, int nfds)
{
    struct run_result result = {.exit_code = -1};
    struct request_view view = {0};
    int stdio[3] = {-1, -1, -1};
    struct stream streams[2] = {{.fd = -1, .frame = MSG_STDOUT}, {.fd = -1, .frame = MSG_STDERR}};
    int engine_gone = 0;

    if (run_parse_request(payload, length, &view) < 0 ||
        (unsigned)nfds != (unsigned)__builtin_popcount(view.fixed->flags & (RUN_STDIN_FD | RUN_STDOUT_FD | RUN_STDERR_FD))) {
        result.stage = STAGE_REQUEST;
        result.error = EINVAL;
        if (ctx->prestarted.pid != 0)
            prestart_discard(ctx);
        goto done;
    }
    const struct run_request *req = view.fixed;

    pid_t pid = 0;
    if ((req->flags & RUN_PRESTARTED) && !(req->flags & (RUN_STDOUT_FD | RUN_STDERR_FD))) {
        int taken[2];
        pid = prestart_take(ctx, &view, (req->flags & RUN_STDIN_FD) ? fds[0] : -1, taken);
        if (pid > 0) {
            streams[0].fd = taken[0];
            streams[1].fd = taken[1];
            result.flags |= RESULT_PRESTARTED;
        }
    } else if (ctx->prestarted.pid != 0) {
        prestart_discard(ctx);
    }

    uint64_t start = monotonic_ns();
    if (pid == 0) {
        if (open_stdio(req, fds, stdio, streams) < 0) {
            result.stage = STAGE_FDS;
            result.error = errno;
            goto done;
        }
        if (ctx->cgroup == NULL || cgroup_set_limits(ctx->cgroup, req->memory_bytes, req->processes) < 0) {
            result.stage = STAGE_CGROUP;
            result.error = ctx->cgroup == NULL ? ENOENT : errno;
            goto done;
        }
        start = monotonic_ns();
        int32_t report[2];
        pid = run_spawn(ctx, &view, stdio, -1, report);
        if (pid < 0) {
            result.stage = STAGE_FORK;
            result.error = errno;
            goto done;
        }
        result.error = report[0];
        result.stage = (uint32_t)report[1];
        for (int i = 0; i < 3; i++) {
            close(stdio[i]);
            stdio[i] = -1;
        }
    }
    const uint64_t wall_deadline = start + req->wall_time_ms * 1000000u;
    const uint64_t cpu_limit = req->cpu_time_ms * 1000000u;
    const int cpus = cpu_count();
    int main_status = 0, main_done = 0, killed = 0;
    while (!main_done) {
        uint64_t now = monotonic_ns();
        uint64_t cpu = cgroup_cpu_ns(ctx->cgroup);
        if (!killed && now >= wall_deadline)
            result.end = END_WALL_TIME;
        else if (!killed && cpu >= cpu_limit)
            result.end = END_CPU_TIME;
        if (!killed && result.end != END_EXITED) {
            kill(-1, SIGKILL);
            killed = 1;
        }
        /* Sleep until the wall deadline, or until the CPU budget could be spent if every core
         * the run may use were busy: the check then lands on the limit, not far past it. */
        uint64_t wait_ns = now < wall_deadline ? wall_deadline - now : 0;
        uint64_t cpu_wait = cpu < cpu_limit ? (cpu_limit - cpu) / (uint64_t)cpus : 0;
        if (cpu_wait < wait_ns)
            wait_ns = cpu_wait;
        int timeout = killed ? -1 : (int)((wait_ns + 999999u) / 1000000u);
        if (timeout == 0 && !killed)
            timeout = 1;

        struct pollfd p[4] = {
            {.fd = signal_fd, .events = POLLIN},
            {.fd = engine_gone ? -1 : ctx->sock, .events = POLLIN},
            {.fd = streams[0].fd, .events = POLLIN},
            {.fd = streams[1].fd, .events = POLLIN},
        };
        if (poll(p, 4, timeout) < 0 && errno != EINTR)
            break;
        if (p[0].revents & POLLIN) {
            struct signalfd_siginfo info;
            while (read(signal_fd, &info, sizeof info) == (ssize_t)sizeof info) {
            }
        }
        reap(pid, &main_status, &main_done);
        if (p[1].revents & (POLLIN | POLLHUP | POLLERR)) {
            struct frame_header header;
            void *message = NULL;
            int extra[3], nextra = 0;
            int rc = proto_receive(ctx->sock, &header, &message, extra, &nextra, 3);
            for (int i = 0; i < nextra; i++)
                close(extra[i]);
            free(message);
            if (rc <= 0)
                engine_gone = 1;
            if ((rc <= 0 || header.type == MSG_KILL) && !killed) {
                result.end = END_KILLED;
                kill(-1, SIGKILL);
                killed = 1;
            }
        }
        for (int i = 0; i < 2; i++) {
            if (!(p[2 + i].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            int rc = pump(ctx->sock, &streams[i], req->output_bytes);
            if (rc < 0)
                engine_gone = 1;
            if (rc != 0 && !killed) {
                if (rc > 0)
                    result.end = END_OUTPUT;
                kill(-1, SIGKILL);
                killed = 1;
            }
        }
    }
    result.wall_ns = monotonic_ns() - start;

    /* The program is done; whatever it left behind (daemons, zombies) goes now. Everything in
     * this pid namespace is our descendant, so waiting until ECHILD means nothing is left. */
    run_kill_all();
    for (int i = 0; i < 2; i++)
        while (streams[i].fd >= 0 && !engine_gone) {
            int rc = pump(ctx->sock, &streams[i], req->output_bytes);
            if (rc < 0)
                engine_gone = 1;
            if (rc > 0 && result.end == END_EXITED)
                result.end = END_OUTPUT;
        }
    result.stdout_bytes = streams[0].total;
    result.stderr_bytes = streams[1].total;
    if (WIFEXITED(main_status)) {
        result.exit_code = WEXITSTATUS(main_status);
    } else if (WIFSIGNALED(main_status)) {
        result.signal = WTERMSIG(main_status);
    }
    cgroup_read_stats(ctx->cgroup, &result);

done:
    for (int i = 0; i < 3; i++)
        if (stdio[i] >= 0)
            close(stdio[i]);
    for (int i = 0; i < 2; i++)
        if (streams[i].fd >= 0)
            close(streams[i].fd);
    free(view.argv);
    free(view.envp);
    int sent = engine_gone ? -1 : send_result(ctx->sock, &result);
    /* The cgroup goes after the result is out: removing it is off the run's latency, and the
     * slot is not ready again until it is gone (RESET). */
    if (cgroup_kill_and_remove(ctx->cgroup) < 0)
        fprintf(stderr, "arbiter-launcher: removing a run's cgroup: %s\n", strerror(errno));
    ctx->cgroup = NULL;
    return sent < 0 ? -1 : 0;
}
