/* How the next program is started: environment, working directory, shell, ASLR, and the last
 * program line (for vRun with an empty name and for R). Set from the command line and from
 * QEnvironment*, QSetWorkingDir, QStartupWithShell, QDisableRandomization; outlives sessions
 * in --multi mode, like gdbserver's. No syscalls: the environment is a copied string list. */
#ifndef RSPD_SERVER_RUNCFG_H
#define RSPD_SERVER_RUNCFG_H

#include <stdbool.h>
#include <stddef.h>

struct launch_opts;

struct runcfg {
    char **initial; /* rspd's own environment, copied at start (for QEnvironmentReset) */
    char **env;     /* NULL-terminated "NAME=VALUE" list passed to the program */
    size_t nenv;
    char *cwd; /* NULL: rspd's own */
    bool startup_with_shell;
    bool shell_forbidden; /* --no-startup-with-shell: QStartupWithShell:1 is ignored */
    bool disable_aslr;
    char **argv;          /* last program line, NULL-terminated; NULL when none */
    char *const *wrapper; /* --wrapper command (borrowed from main's argv), or NULL */
};

/* Copy ENVIRON (NULL-terminated). 0 or -ENOMEM. */
int runcfg_init(struct runcfg *rc, char *const *environ_in, bool startup_with_shell,
                bool disable_aslr);
void runcfg_fini(struct runcfg *rc);
/* Set "NAME=VALUE" (LEN bytes, not NUL-terminated), replacing NAME. 0, -EINVAL (no '='),
 * -ENOMEM. */
int runcfg_setenv(struct runcfg *rc, const char *assign, size_t len);
/* Remove NAME (LEN bytes). 0 (also when absent) or -EINVAL. */
int runcfg_unsetenv(struct runcfg *rc, const char *name, size_t len);
/* Back to rspd's own environment. 0 or -ENOMEM. */
int runcfg_resetenv(struct runcfg *rc);
/* DIR (LEN bytes) as the working directory; LEN 0 = rspd's own. 0 or -ENOMEM. */
int runcfg_set_cwd(struct runcfg *rc, const char *dir, size_t len);
/* Remember ARGV (N entries) as the program line. 0 or -ENOMEM. */
int runcfg_set_argv(struct runcfg *rc, char *const *argv, size_t n);
/* Fill LO from RC (pointers stay owned by RC). */
void runcfg_launch_opts(const struct runcfg *rc, struct launch_opts *lo);

#endif
