/* Debuggee for the interrupt scenario: finds the gdb that debugs it (the process named "gdb"
 * whose environment carries the same RSPD_ITEST_TAG=... as ours, which the integration runner
 * sets), sends it SIGINT as a terminal ^C would, then spins in spin() without ever stopping on
 * its own, so only gdb's interrupt (\x03) can stop it. Exits 2 when there is no such gdb. */
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

volatile unsigned long spins;

void spin(void);

void spin(void)
{
    for (;;)
        spins++; /* line:spin */
}

/* True when /proc/PID/environ holds the NUL-terminated string WANT. */
static int env_has(const char *pid, const char *want)
{
    static char env[1 << 16];
    char path[64];
    size_t n, w = strlen(want) + 1;
    FILE *f;

    snprintf(path, sizeof(path), "/proc/%s/environ", pid);
    f = fopen(path, "r");
    if (!f)
        return 0;
    n = fread(env, 1, sizeof(env), f);
    fclose(f);
    for (size_t i = 0; i + w <= n; i += strlen(env + i) + 1)
        if (memcmp(env + i, want, w) == 0)
            return 1;
    return 0;
}

static int is_gdb(const char *pid)
{
    char path[64], comm[32] = "";
    FILE *f;

    snprintf(path, sizeof(path), "/proc/%s/comm", pid);
    f = fopen(path, "r");
    if (!f)
        return 0;
    if (!fgets(comm, sizeof(comm), f))
        comm[0] = '\0';
    fclose(f);
    return strcmp(comm, "gdb\n") == 0;
}

int main(void)
{
    const char *tag = getenv("RSPD_ITEST_TAG");
    char want[256];
    struct dirent *d;
    DIR *dir;
    int sent = 0;

    if (!tag) {
        fprintf(stderr, "interrupt: RSPD_ITEST_TAG is not set\n");
        return 2;
    }
    snprintf(want, sizeof(want), "RSPD_ITEST_TAG=%s", tag);
    dir = opendir("/proc");
    while (dir && (d = readdir(dir)) != NULL)
        if (d->d_name[0] >= '0' && d->d_name[0] <= '9' && is_gdb(d->d_name) &&
            env_has(d->d_name, want) && kill(atoi(d->d_name), SIGINT) == 0)
            sent++;
    if (dir)
        closedir(dir);
    if (sent != 1) {
        fprintf(stderr, "interrupt: found %d gdb processes to interrupt\n", sent);
        return 2;
    }
    spin();
    return 0;
}
