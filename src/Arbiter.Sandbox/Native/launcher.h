/*
 * arbiter-launcher: the small native part of Arbiter's sandbox.
 *
 * One launcher process hosts one pre-built container ("slot"): its own mount, pid, ipc, uts and
 * (unless asked otherwise) network namespaces, a read-only view of the host toolchains, and a
 * fresh tmpfs work dir per run. The engine (C#) talks to it over a Unix socket; for each run the
 * launcher forks a child that joins a fresh cgroup, sets rlimits, drops to an unprivileged uid,
 * loads a seccomp filter and execs. The launcher is pid 1 of the container's pid namespace, so
 * kill(-1) after a run removes every process the run left behind.
 *
 * Why native: the CLR cannot run code safely between fork and exec, and a container kept warm
 * between runs is what brings the overhead over bare execution under a millisecond
 * (docs/benchmarks.md). Policy (which paths, which limits) stays in C#; this is mechanism only.
 *
 * The wire format is native-endian fixed structs: both ends are built together and run on the
 * same host. Keep it in step with LauncherProtocol.cs.
 */
#ifndef ARBITER_LAUNCHER_H
#define ARBITER_LAUNCHER_H

#include <stdint.h>
#include <stddef.h>
#include <sys/types.h>
#include <linux/filter.h>

#define PROTOCOL_VERSION 3u

/* Frame types. */
enum {
    MSG_RUN = 1,     /* engine -> launcher: struct run_request + strings, fds attached */
    MSG_RESET = 2,   /* engine -> launcher: struct reset_request; fresh work dir and cgroup */
    MSG_KILL = 3,    /* engine -> launcher: end the current run now */
    MSG_PRESTART = 4, /* engine -> launcher: struct run_request + strings; start it, hold it (prestart.c) */
    MSG_HELLO = 101, /* launcher -> engine: struct hello */
    MSG_READY = 102, /* launcher -> engine: the slot is reset and ready; the fd of its /box attached */
    MSG_STDOUT = 103,
    MSG_STDERR = 104,
    MSG_RESULT = 105, /* struct run_result */
    MSG_ERROR = 106,  /* text; the launcher cannot go on */
};

struct frame_header {
    uint32_t type;
    uint32_t length;
};

/* RUN flags: which standard streams arrive as passed file descriptors (SCM_RIGHTS, in this
 * order). A stream without a passed fd is /dev/null (stdin) or captured with a cap (out/err). */
enum {
    RUN_STDIN_FD = 1u << 0,
    RUN_STDOUT_FD = 1u << 1,
    RUN_STDERR_FD = 1u << 2,
    /* After the result, reset the slot (same work-dir size) and send READY unasked: the engine
     * has no files to collect, and the reset then overlaps with its handling of the result. */
    RUN_RESET_AFTER = 1u << 3,
    /* Hand the run to the process PRESTART started, if the slot holds one started with the same
     * limits, cwd and environment; else (none, another request, it died) run as usual. */
    RUN_PRESTARTED = 1u << 4,
};

struct run_request {
    uint64_t cpu_time_ms;
    uint64_t wall_time_ms;
    uint64_t memory_bytes;
    uint64_t output_bytes;
    uint64_t file_size_bytes;
    uint64_t stack_bytes;
    uint32_t processes;
    uint32_t open_files;
    uint32_t flags;
    uint32_t argc;
    uint32_t envc;
    uint32_t strings_length; /* then: cwd\0 argv[0]\0 ... env[0]\0 ... */
};

struct reset_request {
    uint64_t work_dir_bytes;
};

struct hello {
    uint32_t version;
    int32_t container_pid; /* the container's pid 1 as the host sees it (logs, tests) */
};

/* Why the launcher ended a run. */
enum {
    END_EXITED = 0,
    END_CPU_TIME = 1,
    END_WALL_TIME = 2,
    END_OUTPUT = 3,
    END_KILLED = 4, /* the engine asked (cancellation) */
};

enum {
    RESULT_OOM_KILLED = 1u << 0,
    RESULT_PROCESS_LIMIT_HIT = 1u << 1,
    RESULT_PRESTARTED = 1u << 2, /* the run was handed to a pre-started process */
};

/* Where a run failed before the program started (setup_stage), or in the launcher itself. */
enum {
    STAGE_NONE = 0,
    STAGE_CGROUP = 1,
    STAGE_FDS = 2,
    STAGE_RLIMIT = 3,
    STAGE_CHDIR = 4,
    STAGE_CREDENTIALS = 5,
    STAGE_SECCOMP = 6,
    STAGE_EXEC = 7,
    STAGE_FORK = 8,
    STAGE_REQUEST = 9,
};

struct run_result {
    int32_t exit_code;  /* -1 when killed by a signal */
    int32_t signal;     /* 0 when it exited */
    uint32_t end;       /* END_* */
    uint32_t flags;     /* RESULT_* */
    int32_t error;      /* errno of the failed stage, 0 if the program ran */
    uint32_t stage;     /* STAGE_* */
    uint64_t wall_ns;
    uint64_t cpu_ns;
    uint64_t memory_peak_bytes;
    uint64_t stdout_bytes; /* bytes the program wrote, counted past the cap until it was killed */
    uint64_t stderr_bytes;
};

/* ---- configuration given on the command line ---- */

#define MAX_CGROUPS 3
#define MAX_MOUNTS 64

struct mount_spec {
    const char *source;
    const char *target; /* inside the container */
    int is_symlink;     /* source is the link's target text, target the link's path */
};

struct config {
    const char *socket_name; /* abstract socket the engine listens on */
    const char *root_dir;    /* empty host dir to build the container root on */
    const char *hostname;
    uid_t uid;
    gid_t gid;
    int share_network;
    int cgroup_version; /* 1 or 2 */
    int cgroup_count;
    const char *cgroup_dirs[MAX_CGROUPS];   /* one per v1 controller, or the v2 dir */
    const char *cgroup_prefix;              /* name prefix of per-run cgroups */
    int mount_count;
    struct mount_spec mounts[MAX_MOUNTS];
    unsigned without;      /* WITHOUT_*: diagnosis only, see below */
    int host_namespaces[3]; /* the host's net, ipc and uts namespaces, with WITHOUT_NAMESPACES */
};

/* Parts of the lockdown `arbiter bench sandbox --diagnose` turns off, one pool each, to measure
 * what each costs (--diagnose-without NAME). Only that benchmark passes the option: the engine's
 * public SandboxPool never does, and no configuration reaches it (docs/security.md). The pid and
 * mount namespaces, the container's view and the cgroups' accounting always stay. */
enum {
    WITHOUT_SECCOMP = 1u << 0,
    WITHOUT_MEMORY_CGROUP = 1u << 1, /* the run stays in the engine's memory cgroup (v1 only) */
    WITHOUT_NAMESPACES = 1u << 2,    /* the run joins the host's net, ipc and uts namespaces */
    WITHOUT_RLIMITS = 1u << 3,
    WITHOUT_UID = 1u << 4, /* the run keeps root */
};

/* ---- jail.c: the container's filesystem, hostname and loopback ---- */
int jail_build(const struct config *cfg);
int jail_reset_work_dirs(uint64_t bytes);
int jail_open_work_dir(void); /* a descriptor of /box, for the engine */
int jail_fresh_network(void); /* a new network namespace with loopback up */

/* ---- cgroup.c: a fresh cgroup per run ---- */
struct run_cgroup;
int cgroups_open(const struct config *cfg);
struct run_cgroup *cgroup_create_next(void);
int cgroup_set_limits(struct run_cgroup *cg, uint64_t memory_bytes, uint32_t processes);
int cgroup_join_self(const struct run_cgroup *cg, int skip_memory); /* in the child: async-signal-safe */
uint64_t cgroup_cpu_ns(const struct run_cgroup *cg);
void cgroup_read_stats(const struct run_cgroup *cg, struct run_result *result);
int cgroup_kill_and_remove(struct run_cgroup *cg);

/* ---- filter.c: the seccomp filter, compiled once ---- */
/* On failure, *unknown names a policy entry libseccomp does not know (else it is NULL). */
int filter_build(int allow_network, struct sock_fprog *out, const char **unknown);

/* ---- run.c: one run ---- */

/* A process PRESTART started in the slot's fresh cgroup and namespaces, locked down exactly as a
 * run's, and now blocked reading fd 3 (one end of a socket pair). The protocol on fd 3: it writes
 * one byte 'r' once started; the launcher then writes the hand-off ('1' when the run's stdin is
 * in its memfd, '0' for /dev/null; then the run's argv, each string NUL-ended) and closes its
 * end; the process closes fd 3 and becomes that argv (languages/<id>.yaml, `prestart`). */
struct prestarted {
    pid_t pid;            /* 0: the slot holds none */
    int control;          /* our end of the socket pair */
    int stdin_fd;         /* its fd 0, a memfd the run's stdin is copied into */
    int streams[2];       /* read ends of its stdout and stderr pipes */
    void *request;        /* the PRESTART payload, to match a RUN against */
    size_t length;
};

struct run_context {
    const struct config *cfg;
    int sock;
    struct sock_fprog *filter;
    struct run_cgroup *cgroup; /* prepared by RESET */
    struct prestarted prestarted;
};

struct request_view {
    const struct run_request *fixed;
    const char *cwd;
    char **argv;
    char **envp;
};

int run_execute(struct run_context *ctx, const void *payload, size_t length, int *fds, int nfds);
/* Parses a RUN or PRESTART payload; argv and envp are malloc'd (free them). */
int run_parse_request(const void *payload, size_t length, struct request_view *view);
/* Starts a locked-down child (the run's cgroup, rlimits, uid, seccomp) that execs view's argv
 * with stdio[] as 0-2 and, if control >= 0, control as fd 3. Returns its pid (-1 with errno when
 * it could not be started); report[] is {errno, STAGE_*} of a child that failed before its exec,
 * else {0, 0}. */
pid_t run_spawn(const struct run_context *ctx, const struct request_view *view, int stdio[3], int control, int32_t report[2]);
/* Ends every process of the container and reaps it (between runs, nothing else is there). */
void run_kill_all(void);

/* ---- prestart.c: a process started ahead of its run ---- */
void prestart_start(struct run_context *ctx, const void *payload, size_t length);
/* Hands the run to the pre-started process if it matches and is alive; returns its pid, and its
 * stream read ends in streams[], or 0 when the run must go the usual way (the process, if any,
 * is gone then and the cgroup fresh). */
pid_t prestart_take(struct run_context *ctx, const struct request_view *view, int stdin_fd, int streams[2]);
/* Ends a held pre-started process and frees what it held (RESET, which renews the cgroup). */
void prestart_end(struct run_context *ctx);
/* The same, then a fresh cgroup in place of the one its start-up was charged to (a RUN that does
 * not use it). */
void prestart_discard(struct run_context *ctx);

/* ---- proto.c: framing over the socket ---- */
int proto_send(int sock, uint32_t type, const void *data, size_t length);
/* A frame without payload with one descriptor attached (SCM_RIGHTS on its header). */
int proto_send_fd(int sock, uint32_t type, int fd);
/* Receives one frame; *payload is malloc'd. Returns 0 on EOF, 1 on a frame, -1 on error. */
int proto_receive(int sock, struct frame_header *header, void **payload, int *fds, int *nfds, int max_fds);
void proto_fatal(int sock, const char *fmt, ...) __attribute__((noreturn, format(printf, 2, 3)));
extern void (*proto_on_fatal)(void); /* cleanup run by proto_fatal before it exits */

uint64_t monotonic_ns(void);

#endif
