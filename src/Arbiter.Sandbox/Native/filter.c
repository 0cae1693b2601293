/* The seccomp filter: a deny list of the syscalls an untrusted program never needs and that
 * reach kernel attack surface or the host (docs/security.md lists why each is here). Built
 * once with libseccomp and exported to raw BPF, so each run only calls prctl() before exec. */
#define _GNU_SOURCE
#include "launcher.h"

#include <errno.h>
#include <linux/sched.h>
#include <seccomp.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

static const char *const denied[] = {
    /* other processes and the kernel's debugging interfaces */
    "ptrace", "process_vm_readv", "process_vm_writev", "kcmp", "perf_event_open", "bpf", "userfaultfd",
    /* namespaces and mounts: the container's shape is fixed */
    "unshare", "setns", "mount", "umount2", "pivot_root", "chroot", "mount_setattr", "move_mount", "open_tree",
    "fsopen", "fsconfig", "fsmount", "fspick",
    /* keys, async I/O rings, handles that bypass path checks */
    "keyctl", "add_key", "request_key", "io_uring_setup", "io_uring_enter", "io_uring_register",
    "open_by_handle_at", "name_to_handle_at", "fanotify_init", "lookup_dcookie",
    /* the machine itself */
    "kexec_load", "kexec_file_load", "init_module", "finit_module", "delete_module", "reboot", "swapon",
    "swapoff", "acct", "settimeofday", "clock_settime", "clock_adjtime", "adjtimex", "syslog", "quotactl",
    "sethostname", "setdomainname", "iopl", "ioperm", "vhangup", "uselib", "nfsservctl",
};

/* Namespace flags a clone() may not carry (unprivileged user namespaces included). */
static const unsigned long namespace_flags[] = {
    CLONE_NEWUSER, CLONE_NEWNS, CLONE_NEWPID, CLONE_NEWNET, CLONE_NEWIPC, CLONE_NEWUTS, CLONE_NEWCGROUP,
};

static int add_rules(scmp_filter_ctx ctx, int allow_network)
{
    const uint32_t deny = SCMP_ACT_ERRNO(EPERM);
    for (size_t i = 0; i < sizeof denied / sizeof denied[0]; i++) {
        int nr = seccomp_syscall_resolve_name(denied[i]);
        if (nr == __NR_SCMP_ERROR)
            continue; /* not a syscall on this architecture */
        if (seccomp_rule_add(ctx, deny, nr, 0) < 0)
            return -1;
    }
    for (size_t i = 0; i < sizeof namespace_flags / sizeof namespace_flags[0]; i++) {
        unsigned long flag = namespace_flags[i];
        if (seccomp_rule_add(ctx, deny, SCMP_SYS(clone), 1, SCMP_A0(SCMP_CMP_MASKED_EQ, flag, flag)) < 0)
            return -1;
    }
    /* clone3 passes its flags in memory a filter cannot read; ENOSYS makes libc fall back to
     * clone(), whose flags it can. */
    if (seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0) < 0)
        return -1;
    /* Pushing input into a terminal (TIOCSTI) or the console (TIOCLINUX). */
    if (seccomp_rule_add(ctx, deny, SCMP_SYS(ioctl), 1, SCMP_A1(SCMP_CMP_MASKED_EQ, 0xffffffffu, TIOCSTI)) < 0 ||
        seccomp_rule_add(ctx, deny, SCMP_SYS(ioctl), 1, SCMP_A1(SCMP_CMP_MASKED_EQ, 0xffffffffu, TIOCLINUX)) < 0)
        return -1;
    /* Without network, only local (AF_UNIX) sockets: a clear EPERM beats a silent empty netns. */
    if (!allow_network &&
        seccomp_rule_add(ctx, deny, SCMP_SYS(socket), 1, SCMP_A0(SCMP_CMP_NE, (scmp_datum_t)AF_UNIX)) < 0)
        return -1;
    return 0;
}

int filter_build(int allow_network, struct sock_fprog *out)
{
    scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
    if (ctx == NULL)
        return -1;
    /* Syscalls of a foreign ABI (i386 via int 0x80, x32) kill the whole process: the filter
     * lists only the native architecture. */
    int rc = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS);
    if (rc == 0)
        rc = add_rules(ctx, allow_network);
    int fd = -1;
    if (rc == 0) {
        fd = memfd_create("arbiter-seccomp", MFD_CLOEXEC);
        rc = fd < 0 ? -1 : seccomp_export_bpf(ctx, fd);
    }
    seccomp_release(ctx);
    if (rc < 0) {
        if (fd >= 0)
            close(fd);
        return -1;
    }
    off_t size = lseek(fd, 0, SEEK_END);
    struct sock_filter *program = size > 0 ? malloc((size_t)size) : NULL;
    if (program == NULL || pread(fd, program, (size_t)size, 0) != size) {
        free(program);
        close(fd);
        return -1;
    }
    close(fd);
    out->len = (unsigned short)((size_t)size / sizeof(struct sock_filter));
    out->filter = program;
    return 0;
}
