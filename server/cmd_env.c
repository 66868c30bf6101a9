/* Start-up settings for the next vRun: QEnvironmentHexEncoded, QEnvironmentUnset,
 * QEnvironmentReset, QSetWorkingDir, QStartupWithShell, QDisableRandomization. They change the
 * session's runcfg only. Spec: GDB manual, "General Query Packets". */
#include <errno.h>
#include <stdlib.h>

#include "protocol/hex.h"
#include "server/cmds.h"
#include "server/runcfg.h"
#include "server/session.h"

/* Hex text ARGS (LEN) decoded into a fresh buffer. */
static int decode(const char *args, size_t len, char **out, size_t *n_out)
{
    char *v = malloc(len / 2 + 1);
    if (!v)
        return -ENOMEM;
    ssize_t n = hex_decode(args, len, (uint8_t *)v, len / 2);
    if (n < 0) {
        free(v);
        return -EINVAL;
    }
    v[n] = '\0';
    *out = v;
    *n_out = (size_t)n;
    return 0;
}

static int ok(struct session *s, int err)
{
    if (err < 0)
        return err;
    buf_puts(&s->reply, "OK");
    return 0;
}

int cmd_qenv_set(struct session *s, const char *args, size_t len)
{
    char *v;
    size_t n;
    int err = decode(args, len, &v, &n);
    if (err < 0)
        return err;
    err = runcfg_setenv(s->run, v, n);
    free(v);
    return ok(s, err);
}

int cmd_qenv_unset(struct session *s, const char *args, size_t len)
{
    char *v;
    size_t n;
    int err = decode(args, len, &v, &n);
    if (err < 0)
        return err;
    err = runcfg_unsetenv(s->run, v, n);
    free(v);
    return ok(s, err);
}

int cmd_qenv_reset(struct session *s, const char *args, size_t len)
{
    (void)args;
    (void)len;
    return ok(s, runcfg_resetenv(s->run));
}

int cmd_qsetworkingdir(struct session *s, const char *args, size_t len)
{
    char *v;
    size_t n;
    int err = decode(args, len, &v, &n);
    if (err < 0)
        return err;
    err = runcfg_set_cwd(s->run, v, n);
    free(v);
    return ok(s, err);
}

/* "0" or "1" */
static int flag(const char *args, size_t len, bool *out)
{
    if (len != 1 || (args[0] != '0' && args[0] != '1'))
        return -EINVAL;
    *out = args[0] == '1';
    return 0;
}

int cmd_qstartupwithshell(struct session *s, const char *args, size_t len)
{
    bool on;
    int err = flag(args, len, &on);
    if (err < 0)
        return err;
    /* --no-startup-with-shell is the operator's word: the client cannot turn a shell on. */
    s->run->startup_with_shell = on && !s->run->shell_forbidden;
    return ok(s, 0);
}

int cmd_qdisablerandomization(struct session *s, const char *args, size_t len)
{
    return ok(s, flag(args, len, &s->run->disable_aslr));
}
