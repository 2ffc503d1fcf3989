"""Roles and scopes: the roles file's problems, who is looking, and what a role may not see."""

TEXT: dict[str, dict[str, str]] = {
    "auth.roles_unreadable": {
        "zh": "角色文件 {file} 无法读取（{detail}）：请检查它是不是合法的 TOML 文件。",
        "en": "The roles file {file} cannot be read ({detail}): check that it is valid TOML.",
    },
    "auth.roles_entry_bad": {
        "zh": '角色文件 {file} 中“{who}”的写法不对：应为 role = "…"，'
        '可选 departments = ["…"] 和 employee_id = "…"。',
        "en": "The roles file {file}: the entry for “{who}” is malformed: it needs "
        'role = "…", optionally departments = ["…"] and employee_id = "…".',
    },
    "auth.roles_role_unknown": {
        "zh": "角色文件 {file} 中“{who}”的角色“{role}”不存在；可用的角色：{roles}。",
        "en": "The roles file {file}: “{who}” has the role “{role}”, which does not exist; "
        "the roles are: {roles}.",
    },
    "auth.roles_needs_departments": {
        "zh": "角色文件 {file} 中“{who}”的角色 {role} 需要 departments（部门路径，如 研发中心）。",
        "en": "The roles file {file}: “{who}” has the role {role}, which needs departments "
        "(department paths, e.g. 研发中心).",
    },
    "auth.roles_needs_employee": {
        "zh": "角色文件 {file} 中“{who}”的角色 manager 需要 employee_id（本人的工号）。",
        "en": "The roles file {file}: “{who}” has the role manager, which needs employee_id "
        "(their own employee id).",
    },
    "auth.roles_user_twice": {
        "zh": "角色文件 {file} 中用户“{who}”出现了两次（不区分大小写）。",
        "en": "The roles file {file} lists the user “{who}” twice (case does not matter).",
    },
    "auth.roles_k_bad": {
        "zh": "角色文件 {file} 中的 k = {k} 不合法：k 是匿名所需的最少评价人数，应为正整数。",
        "en": "The roles file {file}: k = {k} is not valid: k, the fewest raters an aggregate "
        "may show, must be a positive whole number.",
    },
    "auth.role.hr_admin": {"zh": "HR 管理员", "en": "HR administrator"},
    "auth.role.hrbp": {"zh": "HRBP", "en": "HR business partner"},
    "auth.role.dept_head": {"zh": "部门负责人", "en": "Department head"},
    "auth.role.manager": {"zh": "经理", "en": "Manager"},
    "auth.role.analyst": {"zh": "分析师（匿名化）", "en": "Analyst (pseudonymised)"},
    "auth.role.none": {"zh": "无角色", "en": "No role"},
}
