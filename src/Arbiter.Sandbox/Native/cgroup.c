/* A fresh cgroup per run (a reused one keeps stale pids charges and peak memory). The engine
 * hands over the parent directories; they are opened before pivot_root, so the launcher keeps
 * reaching the host's cgroupfs through those descriptors while /sys stays invisible inside. */
#define _GNU_SOURCE
#include "launcher.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum kind { KIND_V2, KIND_MEMORY, KIND_PIDS, KIND_CPUACCT };

struct run_cgroup {
    char name[96];
    int dirs[MAX_CGROUPS];
    int procs[MAX_CGROUPS]; /* cgroup.procs, opened for the child to write "0" into */
    int cpu_fd;
};

static int version;
static int parent_count;
static int parents[MAX_CGROUPS];
static enum kind kinds[MAX_CGROUPS];
static const char *prefix;
static unsigned long long sequence;

static int find(enum kind wanted)
{
    for (int i = 0; i < parent_count; i++)
        if (kinds[i] == wanted)
            return i;
    return -1;
}

int cgroups_open(const struct config *cfg)
{
    version = cfg->cgroup_version;
    prefix = cfg->cgroup_prefix;
    parent_count = cfg->cgroup_count;
    for (int i = 0; i < parent_count; i++) {
        const char *spec = cfg->cgroup_dirs[i];
        if (version == 2) {
            kinds[i] = KIND_V2;
        } else if (strncmp(spec, "memory=", 7) == 0) {
            kinds[i] = KIND_MEMORY;
            spec += 7;
        } else if (strncmp(spec, "pids=", 5) == 0) {
            kinds[i] = KIND_PIDS;
            spec += 5;
        } else if (strncmp(spec, "cpuacct=", 8) == 0) {
            kinds[i] = KIND_CPUACCT;
            spec += 8;
        } else {
            errno = EINVAL;
            return -1;
        }
        parents[i] = open(spec, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (parents[i] < 0)
            return -1;
    }
    if (version == 2 ? parent_count != 1 : (find(KIND_MEMORY) < 0 || find(KIND_PIDS) < 0 || find(KIND_CPUACCT) < 0)) {
        errno = EINVAL;
        return -1;
    }
    return 0;
}

static int write_at(int dir, const char *file, const char *text)
{
    int fd = openat(dir, file, O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    ssize_t n = write(fd, text, strlen(text));
    int saved = errno;
    close(fd);
    errno = saved;
    return n < 0 ? -1 : 0;
}

static ssize_t read_at(int dir, const char *file, char *buffer, size_t size)
{
    int fd = openat(dir, file, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    ssize_t n = read(fd, buffer, size - 1);
    close(fd);
    buffer[n > 0 ? n : 0] = '\0';
    return n;
}

/* Reads "key N" out of a flat-keyed cgroup file (memory.events, pids.events, cpu.stat...). */
static uint64_t keyed_value(const char *text, const char *key)
{
    size_t length = strlen(key);
    for (const char *line = text; line != NULL && *line != '\0';) {
        if (strncmp(line, key, length) == 0 && line[length] == ' ')
            return strtoull(line + length + 1, NULL, 10);
        line = strchr(line, '\n');
        if (line != NULL)
            line++;
    }
    return 0;
}

static uint64_t keyed_at(int dir, const char *file, const char *key)
{
    char text[2048];
    return read_at(dir, file, text, sizeof text) > 0 ? keyed_value(text, key) : 0;
}

static uint64_t number_at(int dir, const char *file)
{
    char text[64];
    return read_at(dir, file, text, sizeof text) > 0 ? strtoull(text, NULL, 10) : 0;
}

struct run_cgroup *cgroup_create_next(void)
{
    struct run_cgroup *cg = calloc(1, sizeof *cg);
    if (cg == NULL)
        return NULL;
    snprintf(cg->name, sizeof cg->name, "%s%llu", prefix, ++sequence);
    cg->cpu_fd = -1;
    for (int i = 0; i < parent_count; i++)
        cg->dirs[i] = cg->procs[i] = -1;
    for (int i = 0; i < parent_count; i++) {
        if (mkdirat(parents[i], cg->name, 0755) < 0 && errno != EEXIST)
            goto fail;
        cg->dirs[i] = openat(parents[i], cg->name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (cg->dirs[i] < 0)
            goto fail;
        cg->procs[i] = openat(cg->dirs[i], "cgroup.procs", O_WRONLY | O_CLOEXEC);
        if (cg->procs[i] < 0)
            goto fail;
    }
    if (version == 2)
        cg->cpu_fd = openat(cg->dirs[0], "cpu.stat", O_RDONLY | O_CLOEXEC);
    else
        cg->cpu_fd = openat(cg->dirs[find(KIND_CPUACCT)], "cpuacct.usage", O_RDONLY | O_CLOEXEC);
    if (cg->cpu_fd < 0)
        goto fail;
    return cg;
fail:;
    int saved = errno;
    cgroup_kill_and_remove(cg);
    errno = saved;
    return NULL;
}

int cgroup_set_limits(struct run_cgroup *cg, uint64_t memory_bytes, uint32_t processes)
{
    char memory[32], pids[32];
    snprintf(memory, sizeof memory, "%llu", (unsigned long long)memory_bytes);
    snprintf(pids, sizeof pids, "%u", processes);
    if (version == 2) {
        int dir = cg->dirs[0];
        if (write_at(dir, "memory.max", memory) < 0 || write_at(dir, "pids.max", pids) < 0)
            return -1;
        /* No swap, and an OOM kills the whole run rather than one process of it. */
        if (write_at(dir, "memory.swap.max", "0") < 0 && errno != ENOENT)
            return -1;
        if (write_at(dir, "memory.oom.group", "1") < 0 && errno != ENOENT)
            return -1;
        return 0;
    }
    int mem = cg->dirs[find(KIND_MEMORY)];
    if (write_at(mem, "memory.limit_in_bytes", memory) < 0)
        return -1;
    /* memsw exists only with swap accounting; where it does, the limit includes swap. */
    if (write_at(mem, "memory.memsw.limit_in_bytes", memory) < 0 && errno != ENOENT)
        return -1;
    return write_at(cg->dirs[find(KIND_PIDS)], "pids.max", pids);
}

int cgroup_join_self(const struct run_cgroup *cg, int skip_memory)
{
    for (int i = 0; i < parent_count; i++)
        if (!(skip_memory && kinds[i] == KIND_MEMORY) && write(cg->procs[i], "0", 1) < 0)
            return -1;
    return 0;
}

uint64_t cgroup_cpu_ns(const struct run_cgroup *cg)
{
    char text[1024];
    ssize_t n = pread(cg->cpu_fd, text, sizeof text - 1, 0);
    if (n <= 0)
        return 0;
    text[n] = '\0';
    if (version == 2)
        return keyed_value(text, "usage_usec") * 1000u;
    return strtoull(text, NULL, 10);
}

void cgroup_read_stats(const struct run_cgroup *cg, struct run_result *result)
{
    result->cpu_ns = cgroup_cpu_ns(cg);
    int mem = version == 2 ? cg->dirs[0] : cg->dirs[find(KIND_MEMORY)];
    int pids = version == 2 ? cg->dirs[0] : cg->dirs[find(KIND_PIDS)];
    if (version == 2) {
        result->memory_peak_bytes = number_at(mem, "memory.peak");
        if (keyed_at(mem, "memory.events", "oom_kill") > 0 || keyed_at(mem, "memory.events", "oom_group_kill") > 0)
            result->flags |= RESULT_OOM_KILLED;
    } else {
        result->memory_peak_bytes = number_at(mem, "memory.max_usage_in_bytes");
        /* oom_kill, not failcnt: failcnt stays 0 on these kernels even when the OOM killer ran. */
        if (keyed_at(mem, "memory.oom_control", "oom_kill") > 0)
            result->flags |= RESULT_OOM_KILLED;
    }
    if (keyed_at(pids, "pids.events", "max") > 0)
        result->flags |= RESULT_PROCESS_LIMIT_HIT;
}

/* Kills every process cgroup.procs lists, however long the list: it is read to its end in
 * chunks, a line cut by a chunk's end carried over to the next. */
static void kill_listed(int dir)
{
    int fd = openat(dir, "cgroup.procs", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return;
    char text[4096];
    size_t kept = 0;
    for (;;) {
        ssize_t n = read(fd, text + kept, sizeof text - 1 - kept);
        if (n < 0 && errno == EINTR)
            continue;
        size_t length = kept + (n > 0 ? (size_t)n : 0);
        text[length] = '\0';
        char *line = text, *end;
        while ((end = strchr(line, '\n')) != NULL || (n <= 0 && *line != '\0')) {
            if (end != NULL)
                *end = '\0';
            pid_t pid = (pid_t)strtol(line, NULL, 10);
            if (pid > 1) /* never 0 or -1: those mean "my group" and "everyone" to kill() */
                kill(pid, SIGKILL);
            line = end != NULL ? end + 1 : line + strlen(line);
        }
        if (n <= 0)
            break;
        kept = strlen(line); /* a pid cut at the chunk's end: at most a few digits */
        memmove(text, line, kept);
    }
    close(fd);
}

/* Kills whatever is still in the cgroup (a backstop: the pid namespace's kill(-1) already did)
 * and removes it. Returns -1 if a directory would not go. */
int cgroup_kill_and_remove(struct run_cgroup *cg)
{
    if (cg == NULL)
        return 0;
    int rc = 0;
    if (version == 2 && cg->dirs[0] >= 0) {
        write_at(cg->dirs[0], "cgroup.kill", "1");
    } else if (version == 1 && cg->dirs[find(KIND_PIDS)] >= 0) {
        kill_listed(cg->dirs[find(KIND_PIDS)]);
    }
    if (cg->cpu_fd >= 0)
        close(cg->cpu_fd);
    for (int i = 0; i < parent_count; i++) {
        if (cg->procs[i] >= 0)
            close(cg->procs[i]);
        if (cg->dirs[i] < 0)
            continue;
        close(cg->dirs[i]);
        /* Killed tasks can take a moment to leave the cgroup. */
        int removed = -1;
        for (int attempt = 0; attempt < 200 && removed < 0; attempt++) {
            removed = unlinkat(parents[i], cg->name, AT_REMOVEDIR);
            if (removed < 0 && errno != EBUSY)
                break;
            if (removed < 0)
                nanosleep(&(struct timespec){.tv_nsec = 5000000}, NULL);
        }
        if (removed < 0 && errno != ENOENT)
            rc = -1;
    }
    free(cg);
    return rc;
}
