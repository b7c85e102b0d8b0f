import { type CommandClass, refuse } from './types.js';

/**
 * What the validator knows about commands. Three kinds:
 * - NEVER: refused whatever the allowlist says (they run other commands, change
 *   identity or privileges, or destroy data beyond recovery);
 * - rules: commands whose arguments decide between read, write and refusal;
 * - READ / WRITE: plain classes.
 * A command must also be in LINUX_CLI_ALLOWED_COMMANDS to run.
 */
const NEVER: Record<string, [rule: string, why: string]> = {};
function never(rule: string, why: string, names: string[]) {
  for (const name of names) NEVER[name] = [rule, why];
}
never(
  'privilege-escalation',
  'changes identity or privileges',
  'sudo su doas pkexec runuser setpriv capsh chroot nsenter unshare newgrp sg setcap chown chgrp chattr setfacl'.split(' '),
);
never(
  'accounts',
  'changes accounts or passwords',
  'passwd chpasswd useradd userdel usermod adduser deluser groupadd groupdel groupmod gpasswd visudo vipw chage'.split(' '),
);
never(
  'interpreter',
  'runs arbitrary code, which no validator can check',
  [
    'sh bash dash zsh ksh csh tcsh fish ash busybox python python2 python3 perl ruby node nodejs php lua tclsh',
    'wish expect awk gawk mawk nawk eval exec source . env printenv xargs nohup nice ionice timeout watch stdbuf',
    'setsid time command builtin script strace ltrace gdb vi vim nvim view ed ex nano emacs less more most man',
    'screen tmux crontab at batch systemd-run make parallel flock',
  ]
    .join(' ')
    .split(' '),
);
never('remote-shell', 'opens network shells or tunnels', 'ssh scp sftp telnet nc ncat netcat socat ftp rsh rlogin'.split(' '));
never(
  'disk-destroy',
  'formats, wipes or repartitions disks',
  [
    'mkfs mke2fs mkswap mkdosfs fdisk sfdisk gdisk sgdisk parted wipefs shred blkdiscard badblocks cryptsetup',
    'lvremove vgremove pvremove mdadm hdparm swapoff swapon losetup',
  ]
    .join(' ')
    .split(' '),
);
never('power-state', 'changes the power state', 'shutdown reboot halt poweroff init telinit kexec killall5'.split(' '));
never(
  'kernel',
  'changes the kernel or firewall',
  ['insmod rmmod modprobe sysctl iptables ip6tables iptables-restore nft ufw firewall-cmd mount umount pivot_root', 'history'].join(' ').split(' '),
);

export function neverAllowed(name: string): [rule: string, why: string] | undefined {
  if (/^mkfs\./.test(name) || /^mke2fs|^fsck/.test(name)) return ['disk-destroy', 'formats or repairs file systems'];
  if (/^python[0-9.]*$|^perl[0-9.]*$|^ruby[0-9.]*$|^php[0-9.]*$|^lua[0-9.]*$/.test(name))
    return ['interpreter', 'runs arbitrary code, which no validator can check'];
  return NEVER[name];
}

const READ = new Set(
  [
    'ls cat head tail grep egrep fgrep rg wc stat file du df free uptime ps pgrep uname id whoami pwd echo cut tr',
    'diff cmp md5sum sha1sum sha256sum sha512sum basename dirname realpath readlink lsblk lscpu lsmem lspci lsusb',
    'nproc arch findmnt vmstat iostat mpstat nl tac rev column jq base64 od hexdump strings zcat zgrep w who last',
    'groups getconf true false seq test lsof netstat',
  ]
    .join(' ')
    .split(' '),
);
const WRITE = new Set('mkdir rmdir touch cp mv ln rm chmod tee truncate gzip gunzip pkill killall kill dd install'.split(' '));

const SYSTEM_PATHS = /^\/+(?:\*?|(?:bin|boot|dev|etc|home|lib|lib32|lib64|libx32|opt|proc|root|run|sbin|srv|sys|usr|var|tmp|mnt|media|snap)(?:\/+\*?)?)$/;

const options = (args: string[]) => args.filter((a) => a.startsWith('-') && a !== '-' && a !== '--');
const positionals = (args: string[]) => {
  const end = args.indexOf('--');
  return args.filter((a, i) => (end >= 0 && i > end) || !a.startsWith('-') || a === '-');
};
/** True when a short-option cluster (-rf) or a long option names the flag. */
const hasFlag = (args: string[], short: string, long: string[] = []) =>
  options(args).some((o) => (/^-[A-Za-z0-9]+$/.test(o) && o.slice(1).includes(short)) || long.some((l) => o === l || o.startsWith(`${l}=`)));
const hasAny = (args: string[], names: string[]) => args.some((a) => names.some((n) => a === n || a.startsWith(`${n}=`)));

type Rule = (args: string[]) => CommandClass;

const RULES: Record<string, Rule> = {
  rm: (args) => {
    if (args.includes('--no-preserve-root')) refuse('recursive-delete', 'rm --no-preserve-root is refused.');
    const recursive = hasFlag(args, 'r', ['--recursive']) || hasFlag(args, 'R');
    const targets = positionals(args);
    if (recursive && targets.some((t) => SYSTEM_PATHS.test(t) || t === '.' || t === '..' || t === '*' || t === './')) {
      refuse('recursive-delete', 'Recursive deletion of the file-system root, a system directory or the working directory is refused.');
    }
    return 'write';
  },
  chmod: (args) => {
    const recursive = hasFlag(args, 'R', ['--recursive']);
    const mode = positionals(args)[0] ?? '';
    const numeric = /^[0-7]{1,4}$/.test(mode);
    const special = numeric ? mode.length === 4 && mode[0] !== '0' : /[+=][rwxXugo]*[st]/.test(mode);
    if (special) refuse('setuid', 'Setting setuid, setgid or sticky bits is refused (privilege escalation).');
    const worldWritable = numeric ? (Number(mode.at(-1)) & 2) === 2 : /(?:^|,)[ugo]*[ao][ugo]*[+=][rxX]*w/.test(mode);
    if (worldWritable) refuse('world-writable', recursive ? 'chmod -R 777 (recursive world-writable) is refused.' : 'Making files world-writable is refused.');
    return 'write';
  },
  dd: (args) => {
    if (args.some((a) => /^of=\/dev\//.test(a) && a !== 'of=/dev/null')) refuse('device-write', 'dd to a device is refused.');
    if (args.some((a) => /^if=\/dev\/(?!zero$|null$|u?random$)/.test(a))) refuse('raw-device-read', 'Reading raw devices is refused.');
    return 'write';
  },
  kill: (args) => {
    const pids = positionals(args);
    if (pids.some((p) => p === '1' || p === '-1' || p === '0') || args.includes('-1'))
      refuse('kill-all', 'Signalling init, every process or the process group is refused.');
    return 'write';
  },
  find: (args) => {
    if (args.includes('-L') || args.includes('-follow')) refuse('follow-symlinks', 'find -L follows symlinks out of the roots and is refused.');
    if (hasAny(args, ['-exec', '-execdir', '-ok', '-okdir'])) refuse('find-exec', 'find -exec/-ok runs commands and is refused.');
    if (hasAny(args, ['-delete', '-fprint', '-fprint0', '-fprintf', '-fls'])) refuse('find-write', 'find -delete/-fprint writes or deletes and is refused.');
    return 'read';
  },
  sed: (args) => {
    if (hasFlag(args, 'i', ['--in-place'])) refuse('sed-in-place', 'sed -i edits files; use write_file.');
    const scripts = positionals(args);
    if (!hasFlag(args, 'n', ['--quiet', '--silent']) || !scripts[0] || !/^(?:\d+|\$)(?:,(?:\d+|\$))?p$/.test(scripts[0])) {
      refuse('sed-script', "Only line-range printing is allowed: sed -n 'START,ENDp' FILE.");
    }
    return 'read';
  },
  tail: (args) => followless(args, 'tail'),
  journalctl: (args) => {
    if (
      hasAny(args, [
        '--vacuum-size',
        '--vacuum-time',
        '--vacuum-files',
        '--rotate',
        '--flush',
        '--sync',
        '--relinquish-var',
        '--smart-relinquish-var',
        '--setup-keys',
        '--update-catalog',
      ])
    ) {
      refuse('journal-write', 'journalctl maintenance options change the journal and are refused.');
    }
    return followless(args, 'journalctl');
  },
  systemctl: (args) => {
    const verb = positionals(args)[0] ?? 'list-units';
    if (
      [
        'status',
        'show',
        'cat',
        'is-active',
        'is-enabled',
        'is-failed',
        'list-units',
        'list-unit-files',
        'list-timers',
        'list-sockets',
        'list-dependencies',
        'get-default',
      ].includes(verb)
    )
      return 'read';
    if (['start', 'stop', 'restart', 'reload', 'try-restart', 'reload-or-restart'].includes(verb)) return 'write';
    if (
      ['poweroff', 'reboot', 'halt', 'kexec', 'suspend', 'hibernate', 'hybrid-sleep', 'rescue', 'emergency', 'isolate', 'default', 'soft-reboot'].includes(verb)
    ) {
      refuse('power-state', `systemctl ${verb} changes the power or boot state and is refused.`);
    }
    refuse('systemctl-verb', `systemctl ${verb} is refused: only status/show/list verbs and start/stop/restart/reload are allowed.`);
  },
  ip: (args) => {
    if (
      args.some((a) =>
        [
          'add',
          'del',
          'delete',
          'set',
          'flush',
          'change',
          'replace',
          'append',
          'prepend',
          'exec',
          'save',
          'restore',
          'monitor',
          '-b',
          '-batch',
          '--batch',
          '-force',
        ].includes(a),
      )
    ) {
      refuse('network-change', 'ip changes to addresses, routes, links or namespaces are refused.');
    }
    return 'read';
  },
  ss: (args) => (hasFlag(args, 'K', ['--kill']) ? refuse('network-change', 'ss -K kills sockets and is refused.') : 'read'),
  sort: (args) => {
    if (hasAny(args, ['--compress-program'])) refuse('runs-program', 'sort --compress-program runs a program and is refused.');
    return hasFlag(args, 'o', ['--output']) ? refuse('writes-file', 'sort -o writes a file; use write_file.') : 'read';
  },
  grep: (args) => noFollow(args, 'grep', 'R', ['--dereference-recursive']),
  egrep: (args) => noFollow(args, 'egrep', 'R', ['--dereference-recursive']),
  fgrep: (args) => noFollow(args, 'fgrep', 'R', ['--dereference-recursive']),
  rg: (args) => {
    if (hasAny(args, ['--pre', '--search-zip'])) refuse('runs-program', 'rg --pre runs a program and is refused.');
    return noFollow(args, 'rg', 'L', ['--follow']);
  },
  ls: (args) => noFollow(args, 'ls', 'L', ['--dereference']),
  du: (args) => noFollow(args, 'du', 'L', ['--dereference']),
  cp: (args) => noFollow(args, 'cp', 'L', ['--dereference']) && 'write',
  diff: (args) =>
    hasFlag(args, 'r', ['--recursive']) && !args.includes('--no-dereference')
      ? refuse('follow-symlinks', 'diff -r follows symlinks out of the roots; add --no-dereference.')
      : 'read',
  uniq: (args) => (positionals(args).length > 1 ? refuse('writes-file', 'uniq INPUT OUTPUT writes a file; use write_file.') : 'read'),
  hostname: (args) =>
    positionals(args).length > 0 || hasFlag(args, 'F', ['--file', '--boot']) ? refuse('system-change', 'Setting the host name is refused.') : 'read',
  date: (args) =>
    hasFlag(args, 's', ['--set']) || positionals(args).some((p) => !p.startsWith('+')) ? refuse('system-change', 'Setting the clock is refused.') : 'read',
  dmesg: (args) =>
    hasFlag(args, 'C') ||
    hasFlag(args, 'c') ||
    hasFlag(args, 'n') ||
    hasFlag(args, 'D') ||
    hasFlag(args, 'E') ||
    hasAny(args, ['--clear', '--read-clear', '--console-level', '--console-off', '--console-on'])
      ? refuse('system-change', 'dmesg options that clear the buffer or change the console level are refused.')
      : 'read',
  getent: (args) =>
    positionals(args).some((p) => p === 'shadow' || p === 'gshadow') ? refuse('sensitive-path', 'Reading password hashes is refused.') : 'read',
  tar: (args) => {
    if (hasFlag(args, 'h', ['--dereference'])) refuse('follow-symlinks', 'tar -h follows symlinks out of the roots and is refused.');
    if (
      hasAny(args, [
        '--to-command',
        '--checkpoint-action',
        '--use-compress-program',
        '--rsh-command',
        '--rmt-command',
        '--info-script',
        '--new-volume-script',
        '--absolute-names',
      ]) ||
      hasFlag(args, 'I') ||
      hasFlag(args, 'F') ||
      hasFlag(args, 'P')
    ) {
      refuse('tar-exec', 'tar options that run programs or write outside the directory are refused.');
    }
    return hasFlag(args, 't', ['--list']) ? 'read' : 'write';
  },
  curl: (args) => {
    if (args.some((a) => /^(?:[a-z]+=)?@?file:/i.test(a) || /^file:/i.test(a))) refuse('file-url', 'file: URLs are refused.');
    return hasFlag(args, 'o', ['--output']) || hasFlag(args, 'O', ['--remote-name']) || hasFlag(args, 'T', ['--upload-file']) ? 'write' : 'read';
  },
  wget: (args) => (args.some((a) => /^file:/i.test(a)) ? refuse('file-url', 'file: URLs are refused.') : 'write'),
  git: (args) => {
    if (
      hasAny(args, ['-c', '--config-env', '--upload-pack', '--receive-pack', '--exec', '--exec-path', '-C']) ||
      args.some((a) => /^--?(?:u|upload-pack|ext)/.test(a) && a.includes('='))
    ) {
      refuse('git-exec', 'git options that run programs or change directory are refused.');
    }
    const verb = positionals(args)[0] ?? '';
    return ['status', 'log', 'diff', 'show', 'branch', 'rev-parse', 'ls-files', 'blame', 'describe', 'tag'].includes(verb) && args.length <= 64
      ? 'read'
      : 'write';
  },
};

/** Recursive traversal that follows symlinks would walk out of the roots through a link inside them. */
function noFollow(args: string[], name: string, short: string, long: string[]): CommandClass {
  if (hasFlag(args, short, long)) refuse('follow-symlinks', `${name} -${short} follows symlinks out of the roots and is refused.`);
  return 'read';
}

function followless(args: string[], name: string): CommandClass {
  if (hasFlag(args, 'f', ['--follow']) || hasFlag(args, 'F')) refuse('follow', `${name} -f never ends; ask for the last lines instead.`);
  return 'read';
}

/**
 * The class of one simple command, or a refusal. `declared` holds classes the
 * operator gave unknown commands in the allowlist (`name:read`).
 */
export function classify(argv: string[], declared: ReadonlyMap<string, CommandClass | undefined>): CommandClass {
  const [name = '', ...args] = argv;
  if (name.includes('=')) refuse('env-assignment', 'Environment assignments before a command are refused.');
  if (name.includes('/')) refuse('command-path', `Run commands by name, not by path ("${name}"): they are looked up on the fixed PATH.`);
  if (!/^[A-Za-z0-9][A-Za-z0-9._+-]*$/.test(name)) refuse('command-name', `"${name}" is not a valid command name.`);
  const denied = neverAllowed(name);
  if (denied) refuse(denied[0], `"${name}" is never allowed: it ${denied[1]}.`);
  // Argument rules run before the allowlist, so a dangerous use is named as such even for an allowed command.
  const rule = RULES[name];
  const ruled = rule ? rule(args) : undefined;
  if (!declared.has(name)) {
    refuse(
      'not-allowlisted',
      `"${name}" is not in the allowed commands.`,
      'Ask the operator to add it to LINUX_CLI_ALLOWED_COMMANDS, or use a dedicated tool (read_file, list_dir, system_info…).',
    );
  }
  if (ruled) return ruled;
  if (READ.has(name)) return 'read';
  if (WRITE.has(name)) return 'write';
  return declared.get(name) ?? 'write';
}

/** Names with an explicit class in the allowlist (`jq:read`), for unknown commands. */
export function parseAllowlist(entries: readonly string[]): Map<string, CommandClass | undefined> {
  const map = new Map<string, CommandClass | undefined>();
  for (const entry of entries) {
    const [name = '', cls] = entry.split(':');
    map.set(name, cls === 'read' || cls === 'write' ? cls : undefined);
  }
  return map;
}
