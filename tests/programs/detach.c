/* Debuggee for the detach scenario. At start it creates the marker file argv[1] and holds an
 * flock on it for as long as it lives; it stops in before_detach(); once the server has detached
 * it runs on by itself, writes "detach: ran to completion" into the marker and exits 0, which
 * drops the lock. So `flock MARKER cat MARKER` waits (without polling) for the program to end,
 * and shows the line only if it really ran to completion after the detach. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

int before_detach(int step)
{
    return step + 1; /* line:before-detach */
}

int main(int argc, char **argv)
{
    static const char done[] = "detach: ran to completion\n";
    int fd;
    int step;

    if (argc < 2) {
        fprintf(stderr, "usage: detach MARKER\n");
        return 2;
    }
    fd = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0 || flock(fd, LOCK_EX) != 0) {
        perror(argv[1]);
        return 1;
    }
    step = before_detach(0);
    if (step != 1 || write(fd, done, strlen(done)) != (ssize_t)strlen(done)) {
        perror(argv[1]);
        return 1;
    }
    return close(fd) == 0 ? 0 : 1;
}
