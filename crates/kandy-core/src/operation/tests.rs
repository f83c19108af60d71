use super::*;
use std::collections::HashSet;

#[test]
fn eighty_seven_operations_in_eighty_eight_rows_with_unique_names_and_ids() {
    assert_eq!(ALL.len(), 88);
    assert_eq!(OperationId::ALL.len(), 88);
    assert_eq!(Operation::api().count(), 87);
    assert_eq!(ALL.iter().filter(|op| op.tier == Tier::Seed).count(), 25);
    let names: HashSet<_> = Operation::api().map(|op| op.name).collect();
    assert_eq!(names.len(), 87);
    for (op, id) in ALL.iter().zip(OperationId::ALL) {
        assert_eq!(op.id, *id);
        assert_eq!(Operation::of(*id), *op);
        assert_eq!(id.to_string(), op.name);
    }
}

#[test]
fn the_two_paths_of_29_are_one_operation() {
    let singular = Operation::of(OperationId::DeleteHuntGroupAdmin);
    let plural = Operation::of(OperationId::DeleteHuntGroupAdmins);
    assert_eq!(singular.path, "domains/huntgroups/admin");
    assert_eq!(plural.path, "domains/huntgroups/admins");
    assert_eq!(plural.alias_of, Some(OperationId::DeleteHuntGroupAdmin));
    assert_eq!(singular.alias_of, None);
    assert_eq!(
        (plural.name, plural.number, plural.method, plural.query),
        (
            singular.name,
            singular.number,
            singular.method,
            singular.query
        )
    );
    assert_eq!(
        Operation::by_name("delete_hunt_group_admin"),
        Some(singular)
    );
    let aliases: Vec<_> = ALL.iter().filter(|op| op.alias_of.is_some()).collect();
    assert_eq!(aliases.len(), 1);
}

#[test]
fn method_and_path_pick_one_operation_except_the_two_login_forms() {
    let mut seen = HashSet::new();
    for op in ALL {
        if op.id == OperationId::GetUserAccessTokenByPassword {
            continue;
        }
        assert!(seen.insert((op.method, op.path)), "{} is doubled", op.name);
    }
}

#[test]
fn only_posts_and_the_two_effectful_gets_are_not_idempotent() {
    for op in ALL {
        let effectful_get = matches!(
            op.id,
            OperationId::CreateAnonymousUser | OperationId::CheckVerificationCode
        );
        assert_eq!(
            op.idempotent,
            op.method != Method::Post && !effectful_get,
            "{}",
            op.name
        );
    }
    let idempotent = |id: OperationId| Operation::of(id).idempotent;
    assert!(!idempotent(OperationId::UploadContent));
    assert!(idempotent(OperationId::DownloadContent) && idempotent(OperationId::DownloadThumbnail));
    assert!(idempotent(OperationId::DeleteHandledMessages));
}

#[test]
fn bodies_as_the_specification_sends_them() {
    let multipart: Vec<_> = ALL
        .iter()
        .filter(|op| op.body == BodyKind::Multipart)
        .map(|op| op.id)
        .collect();
    assert_eq!(multipart, [OperationId::UploadContent]);
    // The session DELETEs carry a JSON body; #51 is a POST with everything in the query.
    for op in [
        DELETE_SESSION,
        LEAVE_SESSION,
        REJECT_SESSION_JOIN,
        BOOT_SESSION_PARTICIPANT,
    ] {
        assert_eq!((op.method, op.body), (Method::Delete, BodyKind::Json));
    }
    assert_eq!(UPDATE_USER_PROFILE.method, Method::Post);
    assert_eq!(UPDATE_USER_PROFILE.body, BodyKind::None);
    assert_eq!(UPDATE_USER_PROFILE.query.len(), 5);
    assert!(!UPDATE_USER_PROFILE.has_body());
    assert_eq!(SEARCH_DIRECTORY.path, "users/directories/native/search/");
}

#[test]
fn evidence_follows_the_specification() {
    assert_eq!(GET_DEVICES.evidence, Evidence::A);
    assert_eq!(UPLOAD_CONTENT.evidence, Evidence::B);
    assert_eq!(CREATE_HUNT_GROUP.evidence, Evidence::C);
    let c = ALL.iter().filter(|op| op.evidence == Evidence::C).count();
    // #9, #13, #16, #18, #21-#29 (ten rows), #39, #47-#51, #68, #70, #81, #83.
    assert_eq!(c, 24);
}

#[test]
fn secret_parameters_are_recognised() {
    for p in [
        "key",
        "domain_api_secret",
        "user_access_token",
        "user_password",
    ] {
        assert!(is_secret_param(p), "{p}");
    }
    for p in [
        "device_id",
        "user_id",
        "messages",
        "content_uuid",
        "session_id",
    ] {
        assert!(!is_secret_param(p), "{p}");
    }
}
