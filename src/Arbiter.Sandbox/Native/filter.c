/* The seccomp filter: the few rules that look at arguments, then an allow-list that kills the
 * process on anything it does not name (syscalls.policy, compiled in). Built once with
 * libseccomp and exported to raw BPF, so each run only installs it before exec. docs/security.md
 * says why each call is where it is. */
#define _GNU_SOURCE
#include "launcher.h"

#include <errno.h>
#include <linux/filter.h>
#include <linux/sched.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

struct policy_entry {
    const char *name;
    int error; /* 0: allowed; else refused with this errno */
};

static const struct policy_entry policy_entries[] = {
#include "syscalls.inc"
};

/* Namespace flags a clone() may not carry (unprivileged user namespaces included). */
static const unsigned long namespace_flags[] = {
    CLONE_NEWUSER, CLONE_NEWNS, CLONE_NEWPID, CLONE_NEWNET, CLONE_NEWIPC, CLONE_NEWUTS, CLONE_NEWCGROUP,
};

/* The allow-list. A name libseccomp cannot resolve is an error, reported in *unknown: a call the
 * list means to allow or refuse must never silently fall to the default, nor one it means to
 * refuse be skipped. */
static int add_policy(scmp_filter_ctx ctx, const char **unknown)
{
    for (size_t i = 0; i < sizeof policy_entries / sizeof policy_entries[0]; i++) {
        int nr = seccomp_syscall_resolve_name(policy_entries[i].name);
        if (nr == __NR_SCMP_ERROR) {
            *unknown = policy_entries[i].name;
            errno = EINVAL;
            return -1;
        }
        uint32_t action = policy_entries[i].error == 0 ? SCMP_ACT_ALLOW : SCMP_ACT_ERRNO((uint32_t)policy_entries[i].error);
        /* A call of another architecture resolves to a pseudo number libseccomp ignores here. */
        if (seccomp_rule_add(ctx, action, nr, 0) < 0 && nr >= 0)
            return -1;
    }
    return 0;
}

/* Rules on arguments, built as a program of their own (libseccomp lets an unconditional allow
 * override conditional rules for the same call) and joined in front of the allow-list. */
static int add_argument_rules(scmp_filter_ctx ctx, int allow_network)
{
    const uint32_t deny = SCMP_ACT_ERRNO(EPERM);
    for (size_t i = 0; i < sizeof namespace_flags / sizeof namespace_flags[0]; i++) {
        unsigned long flag = namespace_flags[i];
        if (seccomp_rule_add(ctx, deny, SCMP_SYS(clone), 1, SCMP_A0(SCMP_CMP_MASKED_EQ, flag, flag)) < 0)
            return -1;
    }
    /* Pushing input into a terminal (TIOCSTI) or the console (TIOCLINUX). The kernel reads the
     * command as 32 bits, so only those are compared. */
    if (seccomp_rule_add(ctx, deny, SCMP_SYS(ioctl), 1, SCMP_A1(SCMP_CMP_MASKED_EQ, 0xffffffffu, TIOCSTI)) < 0 ||
        seccomp_rule_add(ctx, deny, SCMP_SYS(ioctl), 1, SCMP_A1(SCMP_CMP_MASKED_EQ, 0xffffffffu, TIOCLINUX)) < 0)
        return -1;
    /* Without network, only local (AF_UNIX) sockets: a clear EPERM beats a silent empty netns. */
    if (!allow_network &&
        seccomp_rule_add(ctx, deny, SCMP_SYS(socket), 1, SCMP_A0(SCMP_CMP_NE, (scmp_datum_t)AF_UNIX)) < 0)
        return -1;
    return 0;
}

static int export(scmp_filter_ctx ctx, struct sock_fprog *out)
{
    int fd = memfd_create("arbiter-seccomp", MFD_CLOEXEC);
    if (fd < 0 || seccomp_export_bpf(ctx, fd) < 0) {
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

static int build(uint32_t default_action, int allow_network, const char **unknown, struct sock_fprog *out)
{
    scmp_filter_ctx ctx = seccomp_init(default_action);
    if (ctx == NULL)
        return -1;
    /* Syscalls of a foreign ABI (i386 via int 0x80, x32) kill the whole process: the filters
     * list only the native architecture. A long allow-list is searched as a binary tree. */
    int rc = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS);
    if (rc == 0)
        rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2);
    if (rc == 0)
        rc = default_action == SCMP_ACT_ALLOW ? add_argument_rules(ctx, allow_network) : add_policy(ctx, unknown);
    if (rc == 0)
        rc = export(ctx, out);
    seccomp_release(ctx);
    return rc < 0 ? -1 : 0;
}

/* Joins the argument rules and the allow-list into one program, so a run installs one filter,
 * not two: the rules come first, and where they would allow, a jump carries on into the
 * allow-list, which decides. */
static int join(const struct sock_fprog *rules, const struct sock_fprog *policy, struct sock_fprog *out)
{
    size_t length = (size_t)rules->len + policy->len;
    if (length > BPF_MAXINSNS) {
        errno = E2BIG;
        return -1;
    }
    struct sock_filter *program = malloc(length * sizeof *program);
    if (program == NULL)
        return -1;
    memcpy(program, rules->filter, rules->len * sizeof *program);
    memcpy(program + rules->len, policy->filter, policy->len * sizeof *program);
    for (unsigned i = 0; i < rules->len; i++)
        if (program[i].code == (BPF_RET | BPF_K) && program[i].k == SECCOMP_RET_ALLOW)
            program[i] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JA, rules->len - i - 1, 0, 0);
    out->len = (unsigned short)length;
    out->filter = program;
    return 0;
}

int filter_build(int allow_network, struct sock_fprog *out, const char **unknown)
{
    struct sock_fprog rules = {0}, policy = {0};
    *unknown = NULL;
    int rc = build(SCMP_ACT_ALLOW, allow_network, unknown, &rules);
    if (rc == 0)
        rc = build(SCMP_ACT_KILL_PROCESS, allow_network, unknown, &policy);
    if (rc == 0)
        rc = join(&rules, &policy, out);
    free(rules.filter);
    free(policy.filter);
    return rc;
}
