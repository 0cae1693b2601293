/* The container's filesystem view: a small read-only tmpfs root holding read-only binds of the
 * host toolchains, a private /dev and /proc, and per-run tmpfs mounts at /box and /tmp. */
#define _GNU_SOURCE
#include "launcher.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <net/if.h>
#include <stdio.h>
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

/* A bind remount must repeat the flags the source mount already has (noexec and friends), or
 * the kernel may refuse it; read them off the source. */
static unsigned long inherited_flags(const char *source)
{
    struct statvfs st;
    unsigned long flags = 0;
    if (statvfs(source, &st) < 0)
        return 0;
    if (st.f_flag & ST_NOEXEC)
        flags |= MS_NOEXEC;
    if (st.f_flag & ST_NOATIME)
        flags |= MS_NOATIME;
    if (st.f_flag & ST_NODIRATIME)
        flags |= MS_NODIRATIME;
    if (st.f_flag & ST_RELATIME)
        flags |= MS_RELATIME;
    return flags;
}

static int bind_read_only(const char *source, char *target, unsigned long extra)
{
    struct stat st;
    if (stat(source, &st) < 0)
        return -1;
    if (S_ISDIR(st.st_mode) ? mkdir_all(target, 0755) : touch(target))
        return -1;
    if (mount(source, target, NULL, MS_BIND, NULL) < 0)
        return -1;
    return mount(NULL, target, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | extra | inherited_flags(source),
                 NULL);
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
        snprintf(source, sizeof source, "/dev/%s", nodes[i]);
        snprintf(path, sizeof path, "%s/dev/%s", root, nodes[i]);
        /* Device nodes work on this bind only because it is not nodev. Read-only still lets
         * programs write to /dev/null (device I/O ignores it) but not touch the host's node. */
        if (touch(path) < 0 || mount(source, path, NULL, MS_BIND, NULL) < 0 ||
            mount(NULL, path, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NOEXEC, NULL) < 0)
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

int jail_build(const struct config *cfg)
{
    const char *root = cfg->root_dir;
    char path[PATH_MAX];

    /* Nothing mounted here may leak back to the host. */
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
        return -1;
    if (mount("tmpfs", root, "tmpfs", MS_NOSUID | MS_NODEV, "size=1m,mode=0755") < 0)
        return -1;

    for (int i = 0; i < cfg->mount_count; i++) {
        const struct mount_spec *m = &cfg->mounts[i];
        snprintf(path, sizeof path, "%s%s", root, m->target);
        if (m->is_symlink) {
            if (mkdir_parents(path, 0755) < 0 || symlink(m->source, path) < 0)
                return -1;
        } else if (bind_read_only(m->source, path, MS_NODEV) < 0) {
            fprintf(stderr, "arbiter-launcher: cannot bind %s: %s\n", m->source, strerror(errno));
            return -1;
        }
    }
    if (write_identity_files(root, cfg) < 0)
        return -1;
    static const char *const mount_points[] = {"/proc", WORK_DIR, TEMP_DIR};
    for (size_t i = 0; i < sizeof mount_points / sizeof mount_points[0]; i++) {
        snprintf(path, sizeof path, "%s%s", root, mount_points[i]);
        if (mkdir_all(path, 0755) < 0)
            return -1;
    }
    if (build_dev(root) < 0)
        return -1;

    /* pivot_root(".", ".") stacks the old root under the new one; detaching it leaves only the
     * new root in this mount namespace (see pivot_root(2)). */
    if (chdir(root) < 0 || syscall(SYS_pivot_root, ".", ".") < 0 || umount2(".", MNT_DETACH) < 0 || chdir("/") < 0)
        return -1;
    if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, "hidepid=2") < 0)
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

int jail_reset_work_dirs(uint64_t bytes)
{
    /* Emptying the previous run's dirs costs a few syscalls; a new mount costs an unmount and
     * a mount each. A new size, or a run that left too much, gets the new mounts. */
    static uint64_t mounted_bytes;
    if (bytes == mounted_bytes && clear(WORK_DIR) == 0 && clear(TEMP_DIR) == 0)
        return 0;
    mounted_bytes = 0;
    if (fresh_tmpfs(WORK_DIR, bytes) < 0 || fresh_tmpfs(TEMP_DIR, bytes) < 0)
        return -1;
    mounted_bytes = bytes;
    return 0;
}
