/* arbiter-launcher's entry: parse the engine's arguments, connect back, build the container,
 * then serve RESET and RUN requests until the engine goes away. */
#define _GNU_SOURCE
#include "launcher.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <seccomp.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

int signal_fd = -1;
static struct run_context *serving;

/* Whatever stops the launcher, it takes the prepared cgroup with it. */
static void remove_prepared_cgroup(void)
{
    if (serving != NULL && serving->cgroup != NULL) {
        cgroup_kill_and_remove(serving->cgroup);
        serving->cgroup = NULL;
    }
}

static void usage(void)
{
    fprintf(stderr, "usage: arbiter-launcher --socket NAME --root DIR --uid N --gid N --cgroup-prefix P\n"
                    "         (--cgroup-v1 KIND=DIR... | --cgroup-v2 DIR) [--bind SRC[=DST]]... [--symlink TARGET=LINK]...\n"
                    "         [--hostname NAME] [--network]\n"
                    "Started by the Arbiter engine; not meant to be run by hand.\n");
    exit(2);
}

static unsigned long number(const char *text)
{
    char *end;
    errno = 0;
    unsigned long value = strtoul(text, &end, 10);
    if (errno != 0 || *end != '\0' || end == text)
        usage();
    return value;
}

static void add_mount(struct config *cfg, const char *spec, int is_symlink)
{
    if (cfg->mount_count >= MAX_MOUNTS)
        usage();
    char *copy = strdup(spec);
    char *equals = strchr(copy, '=');
    struct mount_spec *m = &cfg->mounts[cfg->mount_count++];
    if (equals != NULL)
        *equals = '\0';
    m->source = copy;
    m->target = equals != NULL ? equals + 1 : copy;
    m->is_symlink = is_symlink;
    if (m->target[0] != '/' || (is_symlink && equals == NULL))
        usage();
}

static unsigned without_flag(const char *name)
{
    static const struct {
        const char *name;
        unsigned flag;
    } parts[] = {
        {"seccomp", WITHOUT_SECCOMP}, {"memory-cgroup", WITHOUT_MEMORY_CGROUP}, {"namespaces", WITHOUT_NAMESPACES},
        {"rlimits", WITHOUT_RLIMITS}, {"uid", WITHOUT_UID},
    };
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
        if (strcmp(name, parts[i].name) == 0)
            return parts[i].flag;
    usage();
    return 0;
}

static void parse(int argc, char **argv, struct config *cfg)
{
    static const struct option options[] = {
        {"socket", required_argument, NULL, 's'},    {"root", required_argument, NULL, 'r'},
        {"uid", required_argument, NULL, 'u'},       {"gid", required_argument, NULL, 'g'},
        {"hostname", required_argument, NULL, 'h'},  {"network", no_argument, NULL, 'n'},
        {"cgroup-v1", required_argument, NULL, '1'}, {"cgroup-v2", required_argument, NULL, '2'},
        {"cgroup-prefix", required_argument, NULL, 'p'}, {"bind", required_argument, NULL, 'b'},
        {"symlink", required_argument, NULL, 'l'},   {"diagnose-without", required_argument, NULL, 'w'},
        {NULL, 0, NULL, 0},
    };
    cfg->hostname = "arbiter";
    cfg->uid = (uid_t)-1;
    cfg->gid = (gid_t)-1;
    int c;
    while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
        switch (c) {
        case 's': cfg->socket_name = optarg; break;
        case 'r': cfg->root_dir = optarg; break;
        case 'u': cfg->uid = (uid_t)number(optarg); break;
        case 'g': cfg->gid = (gid_t)number(optarg); break;
        case 'h': cfg->hostname = optarg; break;
        case 'n': cfg->share_network = 1; break;
        case 'p': cfg->cgroup_prefix = optarg; break;
        case 'b': add_mount(cfg, optarg, 0); break;
        case 'l': add_mount(cfg, optarg, 1); break;
        case 'w': cfg->without |= without_flag(optarg); break;
        case '1':
        case '2':
            if (cfg->cgroup_count >= MAX_CGROUPS || (cfg->cgroup_version != 0 && cfg->cgroup_version != c - '0'))
                usage();
            cfg->cgroup_version = c - '0';
            cfg->cgroup_dirs[cfg->cgroup_count++] = optarg;
            break;
        default: usage();
        }
    }
    /* uid 0 in the sandbox is exactly what the sandbox exists to prevent. */
    if (optind != argc || cfg->socket_name == NULL || cfg->root_dir == NULL || cfg->cgroup_prefix == NULL ||
        cfg->cgroup_count == 0 || cfg->uid == 0 || cfg->gid == 0 || cfg->uid == (uid_t)-1 || cfg->gid == (gid_t)-1)
        usage();
}

static int connect_engine(const char *name)
{
    struct sockaddr_un address = {.sun_family = AF_UNIX};
    size_t length = strlen(name);
    if (length + 1 > sizeof address.sun_path)
        return -1;
    memcpy(address.sun_path + 1, name, length); /* abstract: a leading NUL, no file to leak */
    int sock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (sock < 0)
        return -1;
    if (connect(sock, (struct sockaddr *)&address, (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + length)) < 0) {
        close(sock);
        return -1;
    }
    return sock;
}

/* Runs never get an RLIMIT_NPROC or RLIMIT_AS of their own: the pids and memory cgroups limit
 * those per run, while RLIMIT_NPROC counts every process of the uid and RLIMIT_AS breaks
 * runtimes that reserve address space (the JVM). Nor may the engine's pass through (the kernel's
 * default process count, a ulimit -v): every run inherits these from the launcher, unlimited
 * where it holds CAP_SYS_RESOURCE, else as high as the engine's hard limits allow. */
static void lift_inherited_limits(void)
{
    static const int resources[] = {RLIMIT_NPROC, RLIMIT_AS};
    for (size_t i = 0; i < sizeof resources / sizeof resources[0]; i++) {
        struct rlimit value = {.rlim_cur = RLIM_INFINITY, .rlim_max = RLIM_INFINITY};
        if (setrlimit(resources[i], &value) < 0 && getrlimit(resources[i], &value) == 0) {
            value.rlim_cur = value.rlim_max;
            setrlimit(resources[i], &value);
        }
    }
}

/* The outer process only exists because a new pid namespace takes effect for children: it
 * tells the engine the container's host pid, then waits and passes on the exit status. */
static void outer(pid_t inner, int sock, int go)
{
    struct hello hello = {.version = PROTOCOL_VERSION, .container_pid = inner};
    int rc = proto_send(sock, MSG_HELLO, &hello, sizeof hello);
    close(sock);
    if (write(go, "g", 1) < 0 || rc < 0)
        kill(inner, SIGKILL);
    close(go);
    int status;
    while (waitpid(inner, &status, 0) < 0)
        if (errno != EINTR)
            _exit(1);
    _exit(WIFEXITED(status) ? WEXITSTATUS(status) : 1);
}

/* A fresh work dir and /tmp, and a fresh cgroup for the next run. */
static int reset_slot(struct run_context *ctx, uint64_t work_dir_bytes)
{
    prestart_end(ctx);
    cgroup_kill_and_remove(ctx->cgroup);
    ctx->cgroup = NULL;
    /* SysV IPC objects and POSIX message queues outlive the processes that made them. A fresh
     * IPC namespace for the next run (inherited by its processes) leaves the old one, and all
     * it holds, to be freed with the last process of the previous run. */
    if (unshare(CLONE_NEWIPC) < 0)
        proto_fatal(ctx->sock, "creating an IPC namespace: %s", strerror(errno));
    /* The same for the network namespace and the abstract Unix sockets in it. A container
     * with the network shares the host's and serves one run only. */
    if (!ctx->cfg->share_network && jail_fresh_network() < 0)
        proto_fatal(ctx->sock, "creating a network namespace: %s", strerror(errno));
    if (jail_reset_work_dirs(work_dir_bytes) < 0)
        proto_fatal(ctx->sock, "resetting the work dir: %s", strerror(errno));
    if ((ctx->cgroup = cgroup_create_next()) == NULL)
        proto_fatal(ctx->sock, "creating a cgroup: %s", strerror(errno));
    int work_dir = jail_open_work_dir();
    if (work_dir < 0)
        proto_fatal(ctx->sock, "opening the work dir: %s", strerror(errno));
    int rc = proto_send_fd(ctx->sock, MSG_READY, work_dir);
    close(work_dir);
    return rc;
}

static void serve(struct run_context *ctx, int sock)
{
    uint64_t work_dir_bytes = 0;
    for (;;) {
        struct frame_header header;
        void *payload;
        int fds[3], nfds;
        /* End of file or a reset connection: the engine is gone, and so is everything here. */
        if (proto_receive(sock, &header, &payload, fds, &nfds, 3) <= 0)
            break;
        switch (header.type) {
        case MSG_RUN: {
            int reset_after = header.length >= sizeof(struct run_request) &&
                              (((const struct run_request *)payload)->flags & RUN_RESET_AFTER) && work_dir_bytes > 0;
            if (run_execute(ctx, payload, header.length, fds, nfds) < 0)
                goto engine_gone;
            if (reset_after && reset_slot(ctx, work_dir_bytes) < 0)
                goto engine_gone;
            break;
        }
        case MSG_RESET: {
            const struct reset_request *reset = payload;
            if (header.length != sizeof *reset || reset->work_dir_bytes == 0)
                proto_fatal(sock, "malformed RESET");
            work_dir_bytes = reset->work_dir_bytes;
            if (reset_slot(ctx, work_dir_bytes) < 0)
                goto engine_gone;
            break;
        }
        case MSG_PRESTART:
            prestart_start(ctx, payload, header.length);
            break;
        case MSG_KILL:
            break; /* nothing running */
        default:
            proto_fatal(sock, "unknown request type %u", header.type);
        }
        for (int i = 0; i < nfds; i++)
            if (fds[i] >= 0)
                close(fds[i]);
        free(payload);
    }
engine_gone:
    remove_prepared_cgroup();
    exit(0);
}

/* `arbiter-launcher --check-policy`: builds the filters and says whether the policy holds a
 * name libseccomp does not know. The build runs it, so such a name fails the build. */
static int check_policy(void)
{
    for (int network = 0; network <= 1; network++) {
        struct sock_fprog filter;
        const char *unknown;
        if (filter_build(network, &filter, &unknown) < 0) {
            fprintf(stderr, "arbiter-launcher: syscalls.policy: %s\n",
                    unknown != NULL ? unknown : strerror(errno));
            if (unknown != NULL)
                fprintf(stderr, "  (not a system call libseccomp %u.%u.%u knows: a typo, or newer than it)\n",
                        seccomp_version()->major, seccomp_version()->minor, seccomp_version()->micro);
            return 1;
        }
        free(filter.filter);
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "--check-policy") == 0)
        return check_policy();
    struct config cfg = {0};
    parse(argc, argv, &cfg);
    signal(SIGPIPE, SIG_IGN);
    lift_inherited_limits();

    int sock = connect_engine(cfg.socket_name);
    if (sock < 0) {
        fprintf(stderr, "arbiter-launcher: cannot connect to the engine: %s\n", strerror(errno));
        return 1;
    }
    if (cgroups_open(&cfg) < 0)
        proto_fatal(sock, "opening the cgroup directories: %s", strerror(errno));
    struct sock_fprog filter;
    const char *unknown;
    if (filter_build(cfg.share_network, &filter, &unknown) < 0) {
        if (unknown != NULL)
            proto_fatal(sock, "building the seccomp filter: the policy names '%s', a system call libseccomp does not know",
                        unknown);
        proto_fatal(sock, "building the seccomp filter: %s", strerror(errno));
    }

    static const char *const host_namespaces[] = {"/proc/self/ns/net", "/proc/self/ns/ipc", "/proc/self/ns/uts"};
    for (int i = 0; i < 3; i++) {
        cfg.host_namespaces[i] = -1;
        if ((cfg.without & WITHOUT_NAMESPACES) && (cfg.host_namespaces[i] = open(host_namespaces[i], O_RDONLY | O_CLOEXEC)) < 0)
            proto_fatal(sock, "opening %s: %s", host_namespaces[i], strerror(errno));
    }
    int flags = CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWIPC | CLONE_NEWUTS | (cfg.share_network ? 0 : CLONE_NEWNET);
    if (unshare(flags) < 0)
        proto_fatal(sock, "creating namespaces: %s", strerror(errno));
    int go[2];
    if (pipe2(go, O_CLOEXEC) < 0)
        proto_fatal(sock, "pipe: %s", strerror(errno));
    pid_t inner = fork();
    if (inner < 0)
        proto_fatal(sock, "fork: %s", strerror(errno));
    if (inner > 0) {
        close(go[0]);
        outer(inner, sock, go[1]);
    }

    /* The container's init from here on. If the outer process dies, so does this one, and with
     * pid 1 gone the kernel kills the whole namespace. */
    close(go[1]);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    char byte;
    if (read(go[0], &byte, 1) != 1)
        _exit(1);
    close(go[0]);
    /* kill(-1) below must only ever mean "everyone in this container". */
    if (getpid() != 1)
        proto_fatal(sock, "not pid 1 of a new pid namespace");
    if (jail_build(&cfg) < 0)
        proto_fatal(sock, "building the container: %s", strerror(errno));

    sigset_t child;
    sigemptyset(&child);
    sigaddset(&child, SIGCHLD);
    sigprocmask(SIG_BLOCK, &child, NULL);
    signal_fd = signalfd(-1, &child, SFD_CLOEXEC | SFD_NONBLOCK);
    if (signal_fd < 0)
        proto_fatal(sock, "signalfd: %s", strerror(errno));

    struct run_context ctx = {.cfg = &cfg, .sock = sock, .filter = &filter, .prestarted = {.control = -1, .stdin_fd = -1, .streams = {-1, -1}}};
    serving = &ctx;
    proto_on_fatal = remove_prepared_cgroup;
    serve(&ctx, sock);
    return 0;
}
