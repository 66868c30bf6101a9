/* Debuggee for the fork, vfork and exec scenarios. argv[1] picks the mode:
 *   fork   fork(); the child calls in_child(1) and exits 3; the parent waits for it, calls
 *          in_parent(3) and prints "parent saw 3".
 *   vfork  vfork(); the child execs this program with "execd"; the parent waits and prints
 *          "parent saw 5" after in_parent(5).
 *   exec   execs this program with "execd" directly.
 *   execd  (the exec'd program) calls after_exec(7), prints "after exec 7" and exits 5.
 *   forks  fork() twice in a row (two children that each exit 3), parent prints "both done".
 *   thread-fork  a second thread waits for main's ready(), then forks (the child calls
 *          in_child(1) and exits 3) and waits for the child; main calls in_parent(0) 200 ms after
 *          ready(), so that both events are there when the debugger next looks.
 *   thread-exec  a second thread execs this program with "execd" (main waits in join).
 *   clone-nest  after ready(), main clone()s task A (CLONE_VM, no CLONE_THREAD: a thread group
 *          of its own, no exit signal), which clones task B the same way; B calls in_clone(2).
 *          Main calls in_parent(1) 300 ms later and waits for B before exiting 0.
 * Line markers ("line:NAME") are substituted by the runner. -O0 -g. */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

volatile int child_value;
volatile int go;
volatile int parent_value;
volatile int exec_value;

void in_child(int v);
void in_parent(int v);
void after_exec(int v);
void ready(void);
void in_clone(int v);

void in_child(int v)
{
    child_value = v; /* line:in-child */
}

void in_parent(int v)
{
    parent_value = v; /* line:in-parent */
}

void after_exec(int v)
{
    exec_value = v; /* line:after-exec */
}

void ready(void)
{
}

static int wait_child(pid_t pid)
{
    int status = 0;

    if (waitpid(pid, &status, 0) != pid)
        return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static void exec_self(const char *self)
{
    execl(self, self, "execd", (char *)NULL);
    perror("execl");
    _exit(127);
}

static void *fork_thread(void *arg)
{
    pid_t pid;

    (void)arg;
    while (!go)
        ;
    pid = fork();
    if (pid == 0) {
        in_child(1);
        _exit(3);
    }
    wait_child(pid);
    return NULL;
}

void in_clone(int v)
{
    child_value = v;
}

static volatile int b_done;
static char stack_a[65536] __attribute__((aligned(16)));
static char stack_b[65536] __attribute__((aligned(16)));

static int task_b(void *arg)
{
    (void)arg;
    in_clone(2);
    b_done = 1;
    return 0;
}

static int task_a(void *arg)
{
    (void)arg;
    if (clone(task_b, stack_b + sizeof(stack_b), CLONE_VM | CLONE_FILES, NULL) < 0)
        return 1;
    while (!b_done)
        ;
    return 0;
}

static void *exec_thread(void *arg)
{
    (void)arg;
    exec_self("/proc/self/exe"); /* line:thread-exec */
    return NULL;
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "fork";
    pid_t pid;
    int st;

    setvbuf(stdout, NULL, _IONBF, 0);
    if (strcmp(mode, "execd") == 0) {
        after_exec(7);
        printf("after exec %d\n", exec_value);
        return 5;
    }
    if (strcmp(mode, "exec") == 0) {
        exec_self("/proc/self/exe");
        return 1;
    }
    if (strcmp(mode, "vfork") == 0) {
        pid = vfork(); /* line:vfork */
        if (pid == 0)  /* line:vfork-next */
            exec_self("/proc/self/exe");
        st = wait_child(pid);
        in_parent(st);
        printf("parent saw %d\n", st);
        return 0;
    }
    if (strcmp(mode, "clone-nest") == 0) {
        ready();
        if (clone(task_a, stack_a + sizeof(stack_a), CLONE_VM | CLONE_FILES, NULL) < 0)
            return 1;
        usleep(300000);
        in_parent(1);
        while (!b_done)
            usleep(1000);
        return 0;
    }
    if (strcmp(mode, "thread-exec") == 0) {
        pthread_t th;
        pthread_create(&th, NULL, exec_thread, NULL);
        pthread_join(th, NULL);
        return 1;
    }
    if (strcmp(mode, "thread-fork") == 0) {
        pthread_t th;
        pthread_create(&th, NULL, fork_thread, NULL);
        ready();
        go = 1;
        usleep(200000);
        in_parent(0);
        pthread_join(th, NULL);
        return 0;
    }
    if (strcmp(mode, "forks") == 0) {
        for (int i = 0; i < 2; i++) {
            pid = fork();
            if (pid == 0) {
                in_child(i + 1);
                _exit(3);
            }
            wait_child(pid);
        }
        printf("both done\n");
        return 0;
    }
    pid = fork(); /* line:fork */
    if (pid == 0) {
        in_child(1);
        _exit(3);
    }
    st = wait_child(pid);
    in_parent(st);
    printf("parent saw %d\n", st);
    return 0;
}
