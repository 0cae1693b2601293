/* Drives the launcher's cgroup v1 backstop (kill_listed in cgroup.c, included whole so its
 * static functions are reachable) against a real pids cgroup holding more processes than one
 * 4 KiB read of cgroup.procs lists. Run by CgroupBackstopTests, as root:
 *
 *   kill-listed-driver <empty pids cgroup directory> <number of processes>
 *
 * Everything happens in a new pid namespace whose pid 1 is this driver: the pids it reads are
 * its own children's, so a pid misread (cut at a chunk's end) can only ever name one of them,
 * never a host process. Prints "killed K of N" and exits 0 only if every child died of SIGKILL.
 * When pid 1 exits the kernel kills whatever is left, so nothing outlives the driver. */
#include "cgroup.c"

#include <sched.h>
#include <sys/wait.h>

static int in_namespace(const char *directory, int count)
{
    int dir = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    /* The driver joins first, so every child starts in the cgroup; kill_listed never kills
     * pid 1, which lists itself there too. */
    if (dir < 0 || write_at(dir, "cgroup.procs", "0") < 0) {
        perror("kill-listed-driver: joining the cgroup");
        return 2;
    }
    for (int i = 0; i < count; i++) {
        pid_t child = fork();
        if (child < 0) {
            perror("kill-listed-driver: fork");
            return 2;
        }
        if (child == 0) {
            for (;;)
                pause();
        }
    }
    kill_listed(dir);
    /* A child kill_listed missed would block wait() forever: the alarm ends the count. */
    alarm(20);
    int killed = 0;
    for (int i = 0; i < count; i++) {
        int status;
        if (wait(&status) < 0)
            break;
        if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
            killed++;
    }
    printf("killed %d of %d\n", killed, count);
    return killed == count ? 0 : 1;
}

static void on_alarm(int signal)
{
    (void)signal;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: kill-listed-driver DIRECTORY COUNT\n");
        return 2;
    }
    /* wait() must return EINTR when the alarm fires, not restart. */
    sigaction(SIGALRM, &(struct sigaction){.sa_handler = on_alarm}, NULL);
    if (unshare(CLONE_NEWPID) < 0) {
        perror("kill-listed-driver: unshare");
        return 2;
    }
    pid_t init = fork();
    if (init < 0)
        return 2;
    if (init == 0) {
        int rc = in_namespace(argv[1], atoi(argv[2]));
        fflush(stdout);
        _exit(rc);
    }
    int status;
    if (waitpid(init, &status, 0) < 0)
        return 2;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 2;
}
