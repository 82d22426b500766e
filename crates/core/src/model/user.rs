//! `user`: `name_or_uid[:group_or_gid]`, checked like dstack's `UnixUser.parse`.

use super::ctx::Fail;
use crate::codes;
use crate::python::int_text_from_str;

/// Checks the user string; the configuration keeps the original text.
pub fn check_user(v: &str) -> Result<(), Fail> {
    let fail = |detail: String, human: &str, help: &str| {
        Fail::new(
            codes::INVALID_USER,
            format!("invalid `user` `{v}`: {human}"),
            format!("invalid user format: {detail}"),
        )
        .help(help.to_string())
    };
    let parts: Vec<&str> = v.split(':').collect();
    if parts.len() > 2 {
        return Err(fail(
            "too many parts".into(),
            "expected at most one `:`",
            "write `user` or `user:group`, e.g. `1000:1000`",
        ));
    }
    if parts[0].is_empty() {
        return Err(fail(
            "empty user name or id".into(),
            "the user name or id is empty",
            "write a user name or uid before the `:`",
        ));
    }
    if let Some(uid) = int_text_from_str(parts[0])
        && uid.starts_with('-')
    {
        return Err(fail(format!("negative uid {uid}"), "the uid is negative", "uids are 0 or greater"));
    }
    if let Some(group) = parts.get(1) {
        if group.is_empty() {
            return Err(fail(
                "empty group name or id".into(),
                "the group after `:` is empty",
                "remove the `:` or write a group",
            ));
        }
        if let Some(gid) = int_text_from_str(group)
            && gid.starts_with('-')
        {
            return Err(fail(format!("negative gid {gid}"), "the gid is negative", "gids are 0 or greater"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        for ok in ["0", "1000", "debian", "1000:2000", "1000:wheel", "root:0", "admin:wheel"] {
            assert!(check_user(ok).is_ok(), "{ok}");
        }
        let dstack = |v: &str| check_user(v).err().map(|f| f.dstack);
        assert_eq!(dstack("1000:1000:").as_deref(), Some("invalid user format: too many parts"));
        assert_eq!(dstack("").as_deref(), Some("invalid user format: empty user name or id"));
        assert_eq!(dstack(":group").as_deref(), Some("invalid user format: empty user name or id"));
        assert_eq!(dstack("-1").as_deref(), Some("invalid user format: negative uid -1"));
        assert_eq!(dstack("user:").as_deref(), Some("invalid user format: empty group name or id"));
        assert_eq!(dstack("1000:-1000").as_deref(), Some("invalid user format: negative gid -1000"));
    }
}
