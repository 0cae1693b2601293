/* The container's filesystem view: a small read-only tmpfs root holding read-only binds of the
 * host toolchains, a private /dev and /proc, and per-run tmpfs mounts at /box and /tmp. */
#define _GNU_SOURCE
#include "launcher.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <net/if.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#define WORK_DIR "/box"
#define TEMP_DIR "/tmp"
/* Relative to the root being built (its current directory): the empty second layer of every
 * overlay, later hidden under /proc's own mount, and where a file's overlay is staged. */
#define EMPTY_LAYER "proc"
#define STAGING "/tmp"

static int mkdir_parents(char *path, mode_t mode)
{
    for (char *p = path + 1; *p != '\0'; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        int rc = mkdir(path, mode);
        *p = '/';
        if (rc < 0 && errno != EEXIST)
            return -1;
    }
    return 0;
}

static int mkdir_all(char *path, mode_t mode)
{
    if (mkdir_parents(path, mode) < 0)
        return -1;
    if (mkdir(path, mode) < 0 && errno != EEXIST)
        return -1;
    return 0;
}

static int touch(char *path)
{
    if (mkdir_parents(path, 0755) < 0)
        return -1;
    int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0)
        return -1;
    close(fd);
    return 0;
}

/* The one source flag a read-only view must keep: a noexec source stays noexec. */
static unsigned long inherited_flags(const char *source)
{
    struct statvfs st;
    return statvfs(source, &st) == 0 && (st.f_flag & ST_NOEXEC) ? MS_NOEXEC : 0;
}

/* An overlay's lowerdir option separates layers with ':' and options with ','; a path keeps
 * its own by escaping them. */
static int escape_layer(const char *path, char *out, size_t size)
{
    size_t n = 0;
    for (const char *p = path; *p != '\0'; p++) {
        if (n + 3 > size)
            return -1;
        if (*p == ':' || *p == ',' || *p == '\\')
            out[n++] = '\\';
        out[n++] = *p;
    }
    out[n] = '\0';
    return 0;
}

/*
 * A read-only view of the host directory `dir` at `target`: an overlay whose only layers are
 * `dir` and the empty directory EMPTY_LAYER (an overlay without an upper layer needs two).
 * Not a bind mount, because a bind shares the host's inodes, and with them their locks: a
 * program could flock() or fcntl()-lock a file under /usr and hold up every host process that
 * locks it. An overlay has inodes of its own, so locks taken through it (GHC's package-db lock,
 * say) work for the container and reach no one else; reads and mmap go to the host's files.
 * It also shows /proc/self/mountinfo an "overlay", not the host's disk.
 */
static int overlay_read_only(const char *dir, const char *target, unsigned long flags)
{
    char layer[PATH_MAX * 2], options[PATH_MAX * 2 + 64];
    if (escape_layer(dir, layer, sizeof layer) < 0) {
        errno = ENAMETOOLONG;
        return -1;
    }
    snprintf(options, sizeof options, "lowerdir=%s:%s", layer, EMPTY_LAYER);
    return mount("overlay", target, "overlay", MS_RDONLY | MS_NOSUID | MS_NODEV | flags, options);
}

/* A read-only view of a host path at root+target: an overlay for a directory; for a file, a
 * bind of that file taken from an overlay of its directory, mounted for the moment at STAGING. */
static int view_read_only(const char *root, const char *source, char *target)
{
    char real[PATH_MAX];
    struct stat st;
    if (realpath(source, real) == NULL || stat(real, &st) < 0)
        return -1;
    unsigned long flags = inherited_flags(real);
    if (S_ISDIR(st.st_mode))
        return mkdir_all(target, 0755) < 0 ? -1 : overlay_read_only(real, target, flags);
    char *slash = strrchr(real, '/');
    char name[NAME_MAX + 1], staging[PATH_MAX], staged[PATH_MAX * 2];
    snprintf(name, sizeof name, "%s", slash + 1);
    if (slash == real)
        slash[1] = '\0'; /* a file in / */
    else
        *slash = '\0';
    snprintf(staging, sizeof staging, "%s%s", root, STAGING);
    snprintf(staged, sizeof staged, "%s/%s", staging, name);
    if (touch(target) < 0 || overlay_read_only(real, staging, flags) < 0)
        return -1;
    int rc = mount(staged, target, NULL, MS_BIND, NULL);
    if (rc == 0)
        rc = mount(NULL, target, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV | flags, NULL);
    int saved = errno;
    if (umount2(staging, MNT_DETACH) < 0 && rc == 0)
        return -1;
    errno = saved;
    return rc;
}

static int write_file(const char *path, const char *text)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0)
        return errno == EEXIST ? 0 : -1; /* a bind from the host wins */
    size_t length = strlen(text);
    ssize_t n = write(fd, text, length);
    close(fd);
    return n == (ssize_t)length ? 0 : -1;
}

static int build_dev(const char *root)
{
    static const char *const nodes[] = {"null", "zero", "full", "random", "urandom"};
    static const char *const links[][2] = {
        {"/proc/self/fd", "fd"},         {"/proc/self/fd/0", "stdin"}, {"/proc/self/fd/1", "stdout"},
        {"/proc/self/fd/2", "stderr"},   {"/tmp", "shm"},
    };
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/dev", root);
    if (mkdir_all(path, 0755) < 0 || mount("tmpfs", path, "tmpfs", MS_NOSUID | MS_NOEXEC, "size=64k,mode=0755") < 0)
        return -1;
    for (size_t i = 0; i < sizeof nodes / sizeof nodes[0]; i++) {
        char source[64];
        struct stat st;
        snprintf(source, sizeof source, "/dev/%s", nodes[i]);
        snprintf(path, sizeof path, "%s/dev/%s", root, nodes[i]);
        /* Nodes of this tmpfs's own (it is not nodev), with the host's numbers and modes, not
         * binds of the host's: their inodes, and any lock on them, are the container's. Once
         * /dev is read-only they cannot be changed; device I/O ignores that, so /dev/null
         * still takes writes. */
        if (stat(source, &st) < 0 || !S_ISCHR(st.st_mode) || mknod(path, S_IFCHR | (st.st_mode & 0777), st.st_rdev) < 0 ||
            chmod(path, st.st_mode & 0777) < 0)
            return -1;
    }
    for (size_t i = 0; i < sizeof links / sizeof links[0]; i++) {
        snprintf(path, sizeof path, "%s/dev/%s", root, links[i][1]);
        if (symlink(links[i][0], path) < 0)
            return -1;
    }
    snprintf(path, sizeof path, "%s/dev", root);
    return mount(NULL, path, NULL, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NOEXEC, "size=64k,mode=0755");
}

static int write_identity_files(const char *root, const struct config *cfg)
{
    char path[PATH_MAX], text[512];
    snprintf(path, sizeof path, "%s/etc", root);
    if (mkdir_all(path, 0755) < 0)
        return -1;
    snprintf(path, sizeof path, "%s/etc/passwd", root);
    snprintf(text, sizeof text, "root:x:0:0:root:/:/usr/sbin/nologin\nsandbox:x:%u:%u:sandbox:/box:/bin/sh\n",
             (unsigned)cfg->uid, (unsigned)cfg->gid);
    if (write_file(path, text) < 0)
        return -1;
    snprintf(path, sizeof path, "%s/etc/group", root);
    snprintf(text, sizeof text, "root:x:0:\nsandbox:x:%u:\n", (unsigned)cfg->gid);
    if (write_file(path, text) < 0)
        return -1;
    snprintf(path, sizeof path, "%s/etc/hosts", root);
    snprintf(text, sizeof text, "127.0.0.1 localhost %s\n::1 localhost\n", cfg->hostname);
    if (write_file(path, text) < 0)
        return -1;
    snprintf(path, sizeof path, "%s/etc/hostname", root);
    snprintf(text, sizeof text, "%s\n", cfg->hostname);
    return write_file(path, text);
}

static int loopback_up(void)
{
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    strncpy(ifr.ifr_name, "lo", IFNAMSIZ - 1);
    int rc = ioctl(fd, SIOCGIFFLAGS, &ifr);
    if (rc == 0) {
        ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
        rc = ioctl(fd, SIOCSIFFLAGS, &ifr);
    }
    close(fd);
    return rc;
}

/*
 * /proc paths a program has no need for and that tell it about the host: the kernel's command
 * line, every user's key quotas, kernel memory and debugging tables, the console's magic keys.
 * Files are covered with /dev/null (they read as empty), directories with an empty read-only
 * tmpfs, as container runtimes do. A path this kernel lacks is skipped. (/proc/self/mountinfo
 * shows overlays instead of the host's disk, and /proc/self/cgroup the run's own cgroup
 * namespace, see run.c.)
 */
static int mask_proc(void)
{
    static const char *const files[] = {
        "/proc/cmdline", "/proc/keys", "/proc/key-users", "/proc/kcore", "/proc/kallsyms", "/proc/config.gz",
        "/proc/sysrq-trigger", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/latency_stats",
        "/proc/interrupts", "/proc/modules", "/proc/vmallocinfo",
    };
    static const char *const dirs[] = {"/proc/acpi", "/proc/asound", "/proc/scsi", "/proc/irq", "/proc/bus", "/proc/fs"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
        if (access(files[i], F_OK) == 0 && mount("/dev/null", files[i], NULL, MS_BIND, NULL) < 0)
            return -1;
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++)
        if (access(dirs[i], F_OK) == 0 &&
            mount("tmpfs", dirs[i], "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=4k,nr_inodes=1,mode=0555") < 0)
            return -1;
    return 0;
}

int jail_fresh_network(void)
{
    /* Abstract Unix socket names belong to the network namespace, and a socket kept alive by
     * its own descriptor in flight outlives every process of its run until the kernel's
     * garbage collector happens to run: a later run would find its name bound. A new namespace
     * per run leaves the old one, and whatever it holds, to the kernel. */
    if (unshare(CLONE_NEWNET) < 0)
        return -1;
    return loopback_up();
}

int jail_build(const struct config *cfg)
{
    const char *root = cfg->root_dir;
    char path[PATH_MAX];

    /* Nothing mounted here may leak back to the host. */
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
        return -1;
    if (mount("tmpfs", root, "tmpfs", MS_NOSUID | MS_NODEV, "size=1m,mode=0755") < 0)
        return -1;

    static const char *const mount_points[] = {"/proc", WORK_DIR, TEMP_DIR};
    for (size_t i = 0; i < sizeof mount_points / sizeof mount_points[0]; i++) {
        snprintf(path, sizeof path, "%s%s", root, mount_points[i]);
        if (mkdir_all(path, 0755) < 0)
            return -1;
    }
    /* The overlays name their empty layer relative to the root being built. */
    if (chdir(root) < 0)
        return -1;
    for (int i = 0; i < cfg->mount_count; i++) {
        const struct mount_spec *m = &cfg->mounts[i];
        snprintf(path, sizeof path, "%s%s", root, m->target);
        if (m->is_symlink) {
            if (mkdir_parents(path, 0755) < 0 || symlink(m->source, path) < 0)
                return -1;
        } else if (view_read_only(root, m->source, path) < 0) {
            fprintf(stderr, "arbiter-launcher: cannot show %s read-only: %s\n", m->source, strerror(errno));
            return -1;
        }
    }
    if (write_identity_files(root, cfg) < 0)
        return -1;
    if (build_dev(root) < 0)
        return -1;

    /* pivot_root(".", ".") stacks the old root under the new one; detaching it leaves only the
     * new root in this mount namespace (see pivot_root(2)). */
    if (syscall(SYS_pivot_root, ".", ".") < 0 || umount2(".", MNT_DETACH) < 0 || chdir("/") < 0)
        return -1;
    if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, "hidepid=2") < 0 || mask_proc() < 0)
        return -1;
    if (mount(NULL, "/", NULL, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV, NULL) < 0)
        return -1;

    if (sethostname(cfg->hostname, strlen(cfg->hostname)) < 0 || setdomainname("arbiter", 7) < 0)
        return -1;
    if (!cfg->share_network && loopback_up() < 0)
        return -1;
    return 0;
}

/* Empties a work dir the last run used, without following anything it left: every step is
 * relative to a directory descriptor, and no process of the run is alive to swap paths. Bounded
 * in depth and entries; past the bounds the caller mounts a fresh tmpfs instead. */
static int clear_directory(int dir, int depth, int *budget)
{
    DIR *listing = fdopendir(dir);
    if (listing == NULL) {
        close(dir);
        return -1;
    }
    int rc = 0;
    for (int pass = 0, removed = 1; rc == 0 && removed > 0 && pass < 4; pass++) {
        removed = 0;
        rewinddir(listing);
        struct dirent *entry;
        while (rc == 0 && (entry = readdir(listing)) != NULL) {
            if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0)
                continue;
            if (--*budget < 0)
                rc = -1;
            else if (unlinkat(dirfd(listing), entry->d_name, 0) == 0)
                removed++;
            else if (errno != EISDIR || depth >= 16)
                rc = -1;
            else {
                int child = openat(dirfd(listing), entry->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
                if (child < 0 || clear_directory(child, depth + 1, budget) < 0 ||
                    unlinkat(dirfd(listing), entry->d_name, AT_REMOVEDIR) < 0)
                    rc = -1;
                else
                    removed++;
            }
        }
    }
    closedir(listing);
    return rc;
}

static int clear(const char *path)
{
    int dir = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    int budget = 4096;
    return dir < 0 ? -1 : clear_directory(dir, 0, &budget);
}

/* 0 when the directory holds nothing at all: what the next run must find, checked rather than
 * assumed from the passes above. */
static int verify_empty(const char *path)
{
    DIR *listing = opendir(path);
    if (listing == NULL)
        return -1;
    int found = 0;
    struct dirent *entry;
    errno = 0;
    while (!found && (entry = readdir(listing)) != NULL)
        found = strcmp(entry->d_name, ".") != 0 && strcmp(entry->d_name, "..") != 0;
    int rc = found || errno != 0 ? -1 : 0;
    closedir(listing);
    if (found)
        errno = ENOTEMPTY;
    return rc;
}

static int fresh_tmpfs(const char *target, uint64_t bytes)
{
    if (umount2(target, MNT_DETACH) < 0 && errno != EINVAL)
        return -1;
    /* Inodes cost kernel memory too; bound them with the size. */
    uint64_t inodes = bytes / 4096 < 4096 ? 4096 : bytes / 4096;
    char options[160];
    /* Root-owned and sticky, like /tmp: programs create files here but cannot chmod, chown or
     * tag the directory itself, so clearing its contents leaves nothing of a run behind. */
    snprintf(options, sizeof options, "size=%llu,nr_inodes=%llu,mode=1777,uid=0,gid=0", (unsigned long long)bytes,
             (unsigned long long)inodes);
    return mount("tmpfs", target, "tmpfs", MS_NOSUID | MS_NODEV, options);
}

/* The engine copies a run's files in and out through this descriptor, not through
 * /proc/PID/root/box: that path needs the right to ptrace the container's init (CAP_SYS_PTRACE
 * for a worker in a container), and a descriptor reaches only /box, never the rest of the
 * container's root. Opened after each reset, as a reset may mount
 * a fresh tmpfs over the old one. */
int jail_open_work_dir(void)
{
    return open(WORK_DIR, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
}

int jail_reset_work_dirs(uint64_t bytes)
{
    /* Emptying the previous run's dirs costs a few syscalls; a new mount costs an unmount and
     * a mount each. A new size, or a run that left too much, gets the new mounts. */
    static uint64_t mounted_bytes;
    if (bytes == mounted_bytes && clear(WORK_DIR) == 0 && clear(TEMP_DIR) == 0 && verify_empty(WORK_DIR) == 0 &&
        verify_empty(TEMP_DIR) == 0)
        return 0;
    mounted_bytes = 0;
    if (fresh_tmpfs(WORK_DIR, bytes) < 0 || fresh_tmpfs(TEMP_DIR, bytes) < 0)
        return -1;
    /* Not even a fresh mount is taken on trust: a container that cannot show the next run an
     * empty work dir stops (the engine replaces it) rather than serve it. */
    if (verify_empty(WORK_DIR) < 0 || verify_empty(TEMP_DIR) < 0)
        return -1;
    mounted_bytes = bytes;
    return 0;
}
