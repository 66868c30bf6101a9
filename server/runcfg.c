/* The start-up configuration of the next program (see runcfg.h). Plain string lists: no
 * syscalls, no getenv/setenv on rspd's own environment, so nothing leaks between programs. */
#include "server/runcfg.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "targets/target.h"

static void free_list(char **v)
{
    if (!v)
        return;
    for (size_t i = 0; v[i]; i++)
        free(v[i]);
    free(v);
}

static int copy_list(char *const *src, char ***out, size_t *n_out)
{
    size_t n = 0;
    while (src && src[n])
        n++;
    char **v = calloc(n + 1, sizeof(*v));
    if (!v)
        return -ENOMEM;
    for (size_t i = 0; i < n; i++) {
        v[i] = strdup(src[i]);
        if (!v[i]) {
            free_list(v);
            return -ENOMEM;
        }
    }
    *out = v;
    if (n_out)
        *n_out = n;
    return 0;
}

int runcfg_init(struct runcfg *rc, char *const *environ_in, bool startup_with_shell,
                bool disable_aslr)
{
    memset(rc, 0, sizeof(*rc));
    rc->startup_with_shell = startup_with_shell;
    rc->disable_aslr = disable_aslr;
    if (copy_list(environ_in, &rc->initial, NULL) < 0)
        return -ENOMEM;
    if (copy_list(environ_in, &rc->env, &rc->nenv) < 0) {
        runcfg_fini(rc);
        return -ENOMEM;
    }
    return 0;
}

void runcfg_fini(struct runcfg *rc)
{
    free_list(rc->initial);
    free_list(rc->env);
    free_list(rc->argv);
    free(rc->cwd);
    memset(rc, 0, sizeof(*rc));
}

/* Index of NAME (LEN bytes) in rc->env, or -1. */
static long find_var(const struct runcfg *rc, const char *name, size_t len)
{
    for (size_t i = 0; i < rc->nenv; i++)
        if (strncmp(rc->env[i], name, len) == 0 && rc->env[i][len] == '=')
            return (long)i;
    return -1;
}

int runcfg_setenv(struct runcfg *rc, const char *assign, size_t len)
{
    const char *eq = memchr(assign, '=', len);
    if (!eq || eq == assign)
        return -EINVAL;
    char *entry = strndup(assign, len);
    if (!entry)
        return -ENOMEM;
    long i = find_var(rc, assign, (size_t)(eq - assign));
    if (i >= 0) {
        free(rc->env[i]);
        rc->env[i] = entry;
        return 0;
    }
    char **v = realloc(rc->env, (rc->nenv + 2) * sizeof(*v));
    if (!v) {
        free(entry);
        return -ENOMEM;
    }
    v[rc->nenv++] = entry;
    v[rc->nenv] = NULL;
    rc->env = v;
    return 0;
}

int runcfg_unsetenv(struct runcfg *rc, const char *name, size_t len)
{
    if (len == 0 || memchr(name, '=', len))
        return -EINVAL;
    long i = find_var(rc, name, len);
    if (i < 0)
        return 0;
    free(rc->env[i]);
    memmove(rc->env + i, rc->env + i + 1, (rc->nenv - (size_t)i) * sizeof(*rc->env));
    rc->nenv--;
    return 0;
}

int runcfg_resetenv(struct runcfg *rc)
{
    char **v;
    size_t n;
    if (copy_list(rc->initial, &v, &n) < 0)
        return -ENOMEM;
    free_list(rc->env);
    rc->env = v;
    rc->nenv = n;
    return 0;
}

int runcfg_set_cwd(struct runcfg *rc, const char *dir, size_t len)
{
    char *d = NULL;
    if (len && !(d = strndup(dir, len)))
        return -ENOMEM;
    free(rc->cwd);
    rc->cwd = d;
    return 0;
}

int runcfg_set_argv(struct runcfg *rc, char *const *argv, size_t n)
{
    char **v = calloc(n + 1, sizeof(*v));
    if (!v)
        return -ENOMEM;
    for (size_t i = 0; i < n; i++) {
        if (!(v[i] = strdup(argv[i]))) {
            free_list(v);
            return -ENOMEM;
        }
    }
    free_list(rc->argv);
    rc->argv = v;
    return 0;
}

void runcfg_launch_opts(const struct runcfg *rc, struct launch_opts *lo)
{
    memset(lo, 0, sizeof(*lo));
    lo->disable_aslr = rc->disable_aslr;
    lo->cwd = rc->cwd;
    lo->envp = rc->env;
    lo->startup_with_shell = rc->startup_with_shell;
    lo->wrapper = rc->wrapper;
    lo->own_pgrp = true;
}
