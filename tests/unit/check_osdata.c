/* qXfer osdata (targets/linux/osdata.c) read from this machine's /proc, with no process being
 * debugged: the list of types exactly as gdbserver 13 sends it, this test process's own row in
 * "processes" (user, command line with the NULs as spaces, cores), its threads in "threads", a
 * file it holds open in "files", XML escaping of a command line, unknown types, and slices. */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <pwd.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "targets/linux/linux.h"
#include "targets/target.h"
#include "tests/unit/suites_decl.h"

extern char **environ;

/* The document for TYPE, malloc'ed and NUL-terminated. */
static char *osdata(const char *type)
{
    size_t cap = 1 << 16;
    char *d = NULL;
    ssize_t n;

    for (;;) {
        d = realloc(d, cap);
        ck_assert_ptr_nonnull(d);
        n = linux_osdata_read(type, 0, d, cap - 1);
        ck_assert_int_ge(n, 0);
        if ((size_t)n < cap - 1)
            break;
        cap *= 2;
    }
    d[n] = '\0';
    return d;
}

static const char want_types[] =
    "<osdata type=\"types\">\n"
    "<item><column name=\"Type\">cpus</column><column name=\"Description\">Listing of all "
    "cpus/cores on the system</column><column name=\"Title\">CPUs</column></item>"
    "<item><column name=\"Type\">files</column><column name=\"Description\">Listing of all file "
    "descriptors</column><column name=\"Title\">File descriptors</column></item>"
    "<item><column name=\"Type\">modules</column><column name=\"Description\">Listing of all "
    "loaded kernel modules</column><column name=\"Title\">Kernel modules</column></item>"
    "<item><column name=\"Type\">msg</column><column name=\"Description\">Listing of all message "
    "queues</column><column name=\"Title\">Message queues</column></item>"
    "<item><column name=\"Type\">processes</column><column name=\"Description\">Listing of all "
    "processes</column><column name=\"Title\">Processes</column></item>"
    "<item><column name=\"Type\">procgroups</column><column name=\"Description\">Listing of all "
    "process groups</column><column name=\"Title\">Process groups</column></item>"
    "<item><column name=\"Type\">semaphores</column><column name=\"Description\">Listing of all "
    "semaphores</column><column name=\"Title\">Semaphores</column></item>"
    "<item><column name=\"Type\">shm</column><column name=\"Description\">Listing of all "
    "shared-memory regions</column><column name=\"Title\">Shared-memory regions</column></item>"
    "<item><column name=\"Type\">sockets</column><column name=\"Description\">Listing of all "
    "internet-domain sockets</column><column name=\"Title\">Sockets</column></item>"
    "<item><column name=\"Type\">threads</column><column name=\"Description\">Listing of all "
    "threads</column><column name=\"Title\">Threads</column></item>"
    "</osdata>\n";

START_TEST(test_types_list_is_gdbservers)
{
    char *d = osdata("");
    ck_assert_str_eq(d, want_types);
    free(d);
    d = osdata("types");
    ck_assert_str_eq(d, want_types);
    free(d);
}
END_TEST

/* Our command line as the processes table shows it: NULs as spaces, the last one too. */
static void own_cmdline(char *buf, size_t len)
{
    FILE *f = fopen("/proc/self/cmdline", "r");
    size_t n;

    ck_assert_ptr_nonnull(f);
    n = fread(buf, 1, len - 1, f);
    fclose(f);
    for (size_t i = 0; i < n; i++)
        if (buf[i] == '\0')
            buf[i] = ' ';
    buf[n] = '\0';
}

START_TEST(test_processes_has_our_row)
{
    char want[8192], cmd[4096];
    struct passwd *pw = getpwuid(getuid());
    char *d = osdata("processes");
    const char *row, *cores;

    ck_assert_ptr_nonnull(pw);
    own_cmdline(cmd, sizeof(cmd));
    ck_assert_ptr_null(strpbrk(cmd, "<>&\"'")); /* else the row below would be escaped */
    snprintf(want, sizeof(want),
             "<item><column name=\"pid\">%d</column><column name=\"user\">%s</column>"
             "<column name=\"command\">%s</column><column name=\"cores\">",
             (int)getpid(), pw->pw_name, cmd);
    ck_assert_int_eq(strncmp(d, "<osdata type=\"processes\">\n", 26), 0);
    row = strstr(d, want);
    ck_assert_msg(row != NULL, "no row %s", want);
    /* One thread (the test runs forked): the core it last ran on, one number. */
    cores = row + strlen(want);
    ck_assert_msg(cores[0] >= '0' && cores[0] <= '9', "cores: %.20s", cores);
    ck_assert_str_eq(d + strlen(d) - 10, "</osdata>\n");
    free(d);
}
END_TEST

struct parked {
    volatile int tid;
    int release[2]; /* a pipe: the thread waits until it is closed */
};

static void *park(void *arg)
{
    struct parked *p = arg;
    char c;

    p->tid = (int)syscall(SYS_gettid);
    while (read(p->release[0], &c, 1) < 0)
        ;
    return NULL;
}

START_TEST(test_threads_lists_each_of_our_threads)
{
    char want[256], comm[32] = "";
    pthread_t th;
    struct parked p = {0};
    FILE *f = fopen("/proc/self/comm", "r");
    char *d;

    ck_assert_ptr_nonnull(f);
    ck_assert_ptr_nonnull(fgets(comm, sizeof(comm), f));
    fclose(f);
    comm[strcspn(comm, "\n")] = '\0';
    ck_assert_int_eq(pipe(p.release), 0);
    ck_assert_int_eq(pthread_create(&th, NULL, park, &p), 0);
    while (!p.tid)
        usleep(1000);
    d = osdata("threads");
    for (int i = 0; i < 2; i++) {
        snprintf(want, sizeof(want),
                 "<item><column name=\"pid\">%d</column><column name=\"command\">%s</column>"
                 "<column name=\"tid\">%d</column><column name=\"core\">",
                 (int)getpid(), comm, i ? p.tid : (int)getpid());
        ck_assert_msg(strstr(d, want) != NULL, "no row %s", want);
    }
    free(d);
    close(p.release[1]);
    pthread_join(th, NULL);
    close(p.release[0]);
}
END_TEST

START_TEST(test_files_lists_an_open_file)
{
    char path[] = "/tmp/rspd-osdata-XXXXXX", want[256];
    int fd = mkstemp(path);
    char *d;

    ck_assert_int_ge(fd, 0);
    d = osdata("files");
    snprintf(want, sizeof(want),
             "<column name=\"file descriptor\">%d</column><column name=\"name\">%s</column></item>",
             fd, path);
    ck_assert_msg(strstr(d, want) != NULL, "no row %s", want);
    snprintf(want, sizeof(want), "<item><column name=\"pid\">%d</column>", (int)getpid());
    ck_assert(strstr(d, want) != NULL);
    free(d);
    close(fd);
    unlink(path);
}
END_TEST

START_TEST(test_command_line_is_xml_escaped)
{
    /* The odd argument is the shell's $0; "; :" keeps the shell from exec'ing sleep. */
    char *argv[] = {"/bin/sh", "-c", "sleep 30; :", "<a&b>\"'", NULL};
    char want[128];
    posix_spawnattr_t attr;
    pid_t pid;
    int status;
    char *d;

    posix_spawnattr_init(&attr);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&attr, 0);
    ck_assert_int_eq(posix_spawn(&pid, argv[0], NULL, &attr, argv, environ), 0);
    posix_spawnattr_destroy(&attr);
    /* Wait for the exec: until then the command line is ours. */
    for (int i = 0; i < 1000; i++) {
        char path[64], buf[64] = "";
        snprintf(path, sizeof(path), "/proc/%d/cmdline", (int)pid);
        FILE *f = fopen(path, "r");
        if (f) {
            size_t n = fread(buf, 1, sizeof(buf) - 1, f);
            fclose(f);
            if (n > 10 && strcmp(buf, "/bin/sh") == 0)
                break;
        }
        usleep(1000);
    }
    d = osdata("processes");
    snprintf(want, sizeof(want), "<column name=\"pid\">%d</column><column name=\"user\">",
             (int)pid);
    ck_assert(strstr(d, want) != NULL);
    ck_assert_msg(strstr(d, "<column name=\"command\">/bin/sh -c sleep 30; : "
                            "&lt;a&amp;b&gt;&quot;&apos; </column>") != NULL,
                  "escaped command line missing");
    free(d);
    kill(-pid, SIGKILL);
    waitpid(pid, &status, 0);
}
END_TEST

START_TEST(test_unknown_type_is_empty_and_slices_add_up)
{
    char buf[64];
    char *whole = osdata("cpus");
    size_t got = 0, len = strlen(whole);
    ssize_t n;

    ck_assert_int_eq(linux_osdata_read("no-such-type", 0, buf, sizeof(buf)), 0);
    ck_assert_int_eq(
        strncmp(whole, "<osdata type=\"cpus\">\n<item><column name=\"processor\">", 52), 0);
    while ((n = linux_osdata_read("cpus", got, buf, 13)) > 0) {
        ck_assert_int_eq(memcmp(buf, whole + got, (size_t)n), 0);
        got += (size_t)n;
    }
    ck_assert_int_eq(n, 0);
    ck_assert_uint_eq(got, len);
    free(whole);
}
END_TEST

START_TEST(test_target_serves_osdata_without_a_process)
{
    sigset_t set;
    struct target *t;
    char buf[32];

    sigemptyset(&set);
    sigaddset(&set, SIGCHLD);
    ck_assert_int_eq(sigprocmask(SIG_BLOCK, &set, NULL), 0);
    t = target_create_native();
    ck_assert_ptr_nonnull(t);
    ck_assert_int_eq(t->pid, 0);
    ck_assert(target_xfer_has(t, "osdata"));
    ck_assert_int_eq(target_xfer_read(t, "osdata", "", 0, buf, 21), 21);
    ck_assert_int_eq(memcmp(buf, "<osdata type=\"types\">", 21), 0);
    target_destroy(t);
}
END_TEST

Suite *osdata_suite(void)
{
    Suite *s = suite_create("osdata");
    TCase *tc = tcase_create("proc");

    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_types_list_is_gdbservers);
    tcase_add_test(tc, test_processes_has_our_row);
    tcase_add_test(tc, test_threads_lists_each_of_our_threads);
    tcase_add_test(tc, test_files_lists_an_open_file);
    tcase_add_test(tc, test_command_line_is_xml_escaped);
    tcase_add_test(tc, test_unknown_type_is_empty_and_slices_add_up);
    tcase_add_test(tc, test_target_serves_osdata_without_a_process);
    suite_add_tcase(s, tc);
    return s;
}
