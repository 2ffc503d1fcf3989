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
    "auth.no_role": {
        "zh": "{user} 还没有 PerfLens 的角色，看不到任何数据。请联系 HR 管理员在角色文件中为你分配角色。",
        "en": "{user} has no PerfLens role yet and sees no data. Ask your HR administrator to "
        "give you a role in the roles file.",
    },
    # a scoped role (department head, HRBP, manager) whose reach holds nobody in the dataset
    # open: roles apply by department name and employee id in every dataset (rev28b item 1)
    "auth.no_reach_in_dataset": {
        "zh": "你的角色（{role}）在这个数据集中没有数据：其中没有人在你的查看范围内。"
        "角色按部门名称和工号作用于每个数据集；请选择其他数据集，或联系 HR 管理员。",
        "en": "Your role ({role}) has no data in this dataset: nobody in it is in your scope. "
        "Roles apply by department name and employee id in every dataset; choose another "
        "dataset or ask your HR administrator.",
    },
    "auth.department_outside": {
        "zh": "部门“{department}”不在你的查看范围内。",
        "en": "The department “{department}” is not in your scope.",
    },
    "auth.team_outside": {
        "zh": "团队“{team}”不在你的查看范围内。",
        "en": "The team “{team}” is not in your scope.",
    },
    "auth.person_outside": {
        "zh": "找不到员工 {employee_id}，或此人不在你的查看范围内。",
        "en": "Employee {employee_id} was not found or is not in your scope.",
    },
    "auth.rater_outside": {
        "zh": "评价人 {rater_id} 不在当前范围内（你的查看范围或所选筛选条件），或找不到此人。",
        "en": "Rater {rater_id} is not in this scope (your role's scope or the filters chosen) "
        "or was not found.",
    },
    "auth.person_pseudonymised": {
        "zh": "你的角色只能看到匿名化的数据，不能查看个人档案。",
        "en": "Your role sees pseudonymised data only: person records are not shown.",
    },
    "auth.scope_too_small": {
        "zh": "当前筛选范围只有 {n} 人；少于 {k} 人的范围不向你的角色显示结果（会暴露个人的数据）。请放宽筛选条件。",
        "en": "This selection holds {n:#person|people}; results for fewer than {k} people are "
        "not shown to your role (they could show one person's data). Widen the filters.",
    },
    "auth.scope_note": {
        "zh": "你的查看范围：{reach}（{role}）。全公司的基准只以汇总数显示。",
        "en": "Your scope: {reach} ({role}). Company-wide baselines are shown as aggregates only.",
    },
    "auth.team_reach": {"zh": "你的团队", "en": "your team"},
    # a manager's team by the roster's team names: the breadcrumb's root, the scope's label
    "auth.team_reach_named": {"zh": "你的团队（{teams}）", "en": "your team ({teams})"},
    "auth.peer_suppressed": {
        "zh": "{cycle} 的{role}评价少于 {k} 人，为保护评价人匿名，未显示。",
        "en": "{cycle}: {role} reviews from fewer than {k} raters are not shown, to keep the "
        "raters anonymous.",
    },
    "auth.anonymous_note": {
        "zh": "同事评价和下属评价只以不少于 {k} 位评价人的汇总显示，不显示评价人和评语。"
        "这一规则保护的是每位同事自己的评分，不是同事平均分：员工的综合分按公司权重合成各角色的平均分，"
        "有上级和隔级评分在旁，同事少于 {k} 人时其平均分仍可由综合分推算出来。",
        "en": "Peer and subordinate reviews are shown only as aggregates of at least {k} "
        "raters, without rater ids or comments. This protects each peer's own rating, not "
        "the peers' mean: a person's score is the company's weighted combination of the "
        "role means, so beside the manager's and skip-level's ratings it still gives the "
        "mean of fewer than {k} peers.",
    },
    "auth.pseudonymised_note": {
        "zh": "匿名化视图：工号已替换为加密哈希编号，不显示姓名和评语。",
        "en": "Pseudonymised view: ids are keyed hashes; no names, no comments.",
    },
    # a view that may not see individuals: the few at a department's root (its head) left out
    "auth.root_left_out": {
        "zh": "直接挂在 {depts} 本身（不属于任何下级部门）的 {n} 人对你的角色不计入任何数字："
        "少于 {k} 人时，部门总数减去下级部门即是他们个人的数字。",
        "en": "Left out for your role: {n:#person|people} placed at {depts} itself (in none "
        "of its sub-departments); with fewer than {k} there, the department less its "
        "sub-departments would be their own numbers.",
    },
    "auth.rows_coarsened": {
        "zh": "个人明细行中的部门、团队、职级和职类只显示到公司内至少 {k} 人共有的粒度"
        "（每个一级部门统一粗化，不够 {k} 人的一级部门不显示明细行），以免从这些列认出个人；"
        "经理编号、工作地点、入职日期和同类人员组（职类+职级）不显示，理由中也不写出同类人员组。",
        "en": "Rows about people show department, team, level and job family only as finely as "
        "at least {k} people of the company share them (coarsened alike across each top-level "
        "department; no rows for a top-level department of fewer than {k}), so that these "
        "columns do not pick a person out; managers' ids, location, hire date and the peer "
        "group (job family + level) are left out, and reasons do not name the peer group.",
    },
    "reason.suppressed_fewer_than_k": {
        "zh": "已隐藏（少于 {k} 人）",
        "en": "suppressed (fewer than {k})",
    },
    "reason.spread_fewer_than_k": {
        "zh": "无法显示：同事或下属评价人少于 {k} 人（评价人之间的离散度会推算出各人的评分）",
        "en": "cannot be shown: fewer than {k} peers or subordinates (the spread between the "
        "raters would give each one's own rating)",
    },
    "reason.others_fewer_than_k": {
        "zh": "无法显示：其他评价人中同事或下属少于 {k} 人（减去可见的上级、隔级评分即得他们的平均分）",
        "en": "cannot be shown: fewer than {k} peers or subordinates among the others (less "
        "the manager's and skip-level's ratings shown elsewhere, it would give their mean)",
    },
    "reason.suppressed_by_subtraction": {
        "zh": "已隐藏（以免从总数相减推算出人数少于 {k} 的单元的数字）",
        "en": "hidden so that a smaller unit's numbers cannot be worked out by subtraction "
        "(units of fewer than {k} people)",
    },
    "auth.hidden_by_subtraction": {
        "zh": "不向你的角色显示：{units}——已隐藏，以免从范围总数减去其余单元推算出人数少于 {k} 的单元的数字。",
        "en": "Not shown to your role: {units}, hidden so that a smaller unit's numbers "
        "(fewer than {k} people) cannot be worked out by subtraction from the scope's totals.",
    },
    # every refusal of scope or role on a page ends with whom to ask (ui.audit.refuse; the
    # command line's calibration refusals too): the secrets' [perflens] contact, else this
    "auth.ask": {
        "zh": "{text}如需查看，请联系 {contact}。",
        "en": "{text} To get access, ask {contact}.",
    },
    "auth.ask_default": {"zh": "HR 管理员", "en": "an HR administrator"},
    "auth.page_not_for_role": {
        "zh": "“{page}”不向你的角色（{role:@auth.role}）开放。请从左侧菜单打开其他页面。",
        "en": "“{page}” is not available to your role ({role:@auth.role}). Open another page "
        "from the menu on the left.",
    },
    "column.privacy": {"zh": "隐私", "en": "Privacy"},
    "auth.admin_only": {
        "zh": "只有 HR 管理员可以导入、删除数据和查看隔离区。",
        "en": "Only an HR administrator may import or delete data and see the quarantine.",
    },
    "cal.pseudonymise": {
        "zh": "下载匿名化报告（哈希编号，不含姓名和评语）",
        "en": "Pseudonymised downloads (hashed ids, no names, no comments)",
    },
    "users.file": {
        "zh": "角色文件：{file}（匿名阈值 k = {k}）",
        "en": "Roles file: {file} (anonymity threshold k = {k})",
    },
    "users.none": {
        "zh": "还没有分配任何角色：登录的用户都看不到数据。",
        "en": "No roles assigned yet: signed-in users see no data.",
    },
    "users.group": {"zh": "组 {line}", "en": "group {line}"},
    "users.added": {"zh": "已保存：{line}（{file}）", "en": "Saved: {line} ({file})"},
    "users.removed": {"zh": "已移除 {user}（{file}）", "en": "Removed {user} ({file})"},
    "cli.users_unknown": {
        "zh": "角色文件 {file} 中没有用户 {user}；用 users list 查看已有的用户。",
        "en": "The roles file {file} has no user {user}; see them with users list.",
    },
    "cli.users_needs_user": {
        "zh": "users {action} 需要一个用户（登录身份，如邮箱）。",
        "en": "users {action} needs a user (their sign-in identity, e.g. an e-mail).",
    },
    "cli.users_needs_employee": {
        "zh": "users add {user} --role {role} 需要 --employee 工号（此人本人的工号）。",
        "en": "users add {user} --role {role} needs --employee ID (their own employee id).",
    },
    "cli.users_needs_departments": {
        "zh": "users add {user} --role {role} 需要 --department 部门（部门路径，如 研发中心）。",
        "en": "users add {user} --role {role} needs --department NAME (a department path, "
        "e.g. 研发中心).",
    },
    "cli.users_department_unknown": {
        "zh": "数据集 {dataset} 中没有部门 {departments}（拼写？）；它的部门：{known}。"
        "其他数据集的部门请加 --dataset 名称。未保存。",
        "en": "No department {departments} in the dataset {dataset} (a typo?); its departments "
        "are: {known}. For another dataset's departments, add --dataset NAME. Nothing saved.",
    },
    "cli.users_departments_unchecked": {
        "zh": "注意：还没有导入数据，无法核对部门名称，已按输入保存。",
        "en": "Note: no data is imported yet, so the department names could not be checked; "
        "saved as typed.",
    },
    "cli.no_role_contact": {
        "zh": "{user} 还没有 PerfLens 的角色，看不到任何数据。请联系 {contact}。",
        "en": "{user} has no PerfLens role yet and sees no data. Please ask {contact}.",
    },
    "cli.users_needs_role": {
        "zh": "users add 需要 --role：{roles} 之一。",
        "en": "users add needs --role: one of {roles}.",
    },
}
