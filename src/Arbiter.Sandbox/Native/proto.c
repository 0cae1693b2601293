/* Framing on the engine's socket: a fixed header, a payload, and file descriptors passed with
 * SCM_RIGHTS on the header's bytes. */
#define _GNU_SOURCE
#include "launcher.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

uint64_t monotonic_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int write_all_iov(int sock, struct iovec *iov, int count)
{
    while (count > 0) {
        ssize_t n = writev(sock, iov, count);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        while (count > 0 && (size_t)n >= iov->iov_len) {
            n -= (ssize_t)iov->iov_len;
            iov++;
            count--;
        }
        if (count > 0) {
            iov->iov_base = (char *)iov->iov_base + n;
            iov->iov_len -= (size_t)n;
        }
    }
    return 0;
}

int proto_send(int sock, uint32_t type, const void *data, size_t length)
{
    struct frame_header header = {.type = type, .length = (uint32_t)length};
    struct iovec iov[2] = {
        {.iov_base = &header, .iov_len = sizeof header},
        {.iov_base = (void *)data, .iov_len = length},
    };
    return write_all_iov(sock, iov, length > 0 ? 2 : 1);
}

int proto_send_fd(int sock, uint32_t type, int fd)
{
    struct frame_header header = {.type = type, .length = 0};
    struct iovec iov = {.iov_base = &header, .iov_len = sizeof header};
    union {
        char buffer[CMSG_SPACE(sizeof(int))];
        struct cmsghdr align;
    } control;
    memset(&control, 0, sizeof control);
    struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.buffer, .msg_controllen = sizeof control.buffer};
    struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(c), &fd, sizeof fd);
    /* A blocking stream socket takes all eight bytes (it waits for room), with the fd on the first. */
    ssize_t n;
    do
        n = sendmsg(sock, &msg, MSG_NOSIGNAL);
    while (n < 0 && errno == EINTR);
    if (n >= 0 && (size_t)n != sizeof header) {
        errno = EIO;
        return -1;
    }
    return n < 0 ? -1 : 0;
}

static int read_all(int sock, void *buffer, size_t length)
{
    size_t done = 0;
    while (done < length) {
        ssize_t n = read(sock, (char *)buffer + done, length - done);
        if (n == 0)
            return 0;
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        done += (size_t)n;
    }
    return 1;
}

int proto_receive(int sock, struct frame_header *header, void **payload, int *fds, int *nfds, int max_fds)
{
    char control[CMSG_SPACE(sizeof(int) * 8)];
    struct iovec iov = {.iov_base = header, .iov_len = sizeof *header};
    struct msghdr msg = {
        .msg_iov = &iov,
        .msg_iovlen = 1,
        .msg_control = control,
        .msg_controllen = sizeof control,
    };
    *nfds = 0;
    *payload = NULL;
    ssize_t n;
    do
        n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
    while (n < 0 && errno == EINTR);
    if (n == 0)
        return 0;
    if (n < 0)
        return -1;

    for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c != NULL; c = CMSG_NXTHDR(&msg, c)) {
        if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
            continue;
        int count = (int)((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));
        int *received = (int *)CMSG_DATA(c);
        for (int i = 0; i < count; i++) {
            if (*nfds < max_fds)
                fds[(*nfds)++] = received[i];
            else
                close(received[i]);
        }
    }
    if ((size_t)n < sizeof *header) {
        int more = read_all(sock, (char *)header + n, sizeof *header - (size_t)n);
        if (more <= 0)
            return more;
    }
    /* A request is a few kilobytes of argv and env; anything near this bound is a bug. */
    if (header->length > (16u << 20)) {
        errno = EMSGSIZE;
        return -1;
    }
    if (header->length > 0) {
        *payload = malloc(header->length);
        if (*payload == NULL)
            return -1;
        int got = read_all(sock, *payload, header->length);
        if (got <= 0) {
            free(*payload);
            *payload = NULL;
            return got;
        }
    }
    return 1;
}

void (*proto_on_fatal)(void);

void proto_fatal(int sock, const char *fmt, ...)
{
    char text[512];
    va_list args;
    va_start(args, fmt);
    int n = vsnprintf(text, sizeof text, fmt, args);
    va_end(args);
    if (n < 0)
        n = 0;
    if ((size_t)n >= sizeof text)
        n = sizeof text - 1;
    fprintf(stderr, "arbiter-launcher: %s\n", text);
    if (sock >= 0)
        proto_send(sock, MSG_ERROR, text, (size_t)n);
    if (proto_on_fatal != NULL)
        proto_on_fatal();
    _exit(1);
}
