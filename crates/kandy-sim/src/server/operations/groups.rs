//! Chat groups (#52–#62). A missing parameter here is status 3, not 15.

use crate::server::call::Call;
use crate::server::reply::{Outcome, Refusal, Success};
use kandy_core::{GroupId, GroupUpdate, KandyApi, NewGroup, OutgoingGroupMessage};
use serde::Deserialize;
use serde_json::{Map, Value};

/// `{"members": [full_user_id, ...]}`.
#[derive(Deserialize)]
struct MembersBody {
    members: Vec<String>,
}

/// `{"group_id", "members", "mute"}`.
#[derive(Deserialize)]
struct MuteMembersBody {
    group_id: GroupId,
    members: Vec<String>,
    mute: bool,
}

/// `{"message": {"contentType", "group_id", "UUID", "message": {...}}}`.
#[derive(Deserialize)]
struct GroupMessageBody {
    message: OutgoingGroupMessage,
}

pub(super) async fn get_groups(c: &Call<'_>) -> Outcome {
    let groups = c.done(c.api.get_groups(c.key()?).await)?;
    Success::field("groups", &groups)
}

/// The body of #53 or #55 with `group_name` and `group_image` taken from the query where the
/// body lacks them (one caller, NODE, sends them only there), and an image that is not a JSON
/// object (NODE's `[object Object]`, KCS's `""`, `null`) kept as an empty image `{}`.
fn with_group_fields(c: &Call<'_>) -> Result<Map<String, Value>, Refusal> {
    let mut body = c.body_object()?;
    if !body.contains_key("group_name")
        && let Some(name) = c.opt("group_name")
    {
        body.insert("group_name".to_owned(), Value::String(name));
    }
    let image = match body.remove("group_image") {
        Some(image) => image,
        None => c
            .opt("group_image")
            .and_then(|raw| serde_json::from_str(&raw).ok())
            .unwrap_or_default(),
    };
    let image = if image.is_object() {
        image
    } else {
        Value::Object(Map::new())
    };
    body.insert("group_image".to_owned(), image);
    Ok(body)
}

pub(super) async fn create_group(c: &Call<'_>) -> Outcome {
    let group: NewGroup = c.decode(with_group_fields(c)?)?;
    let created = c.done(c.api.create_group(c.key()?, group).await)?;
    Success::object(&created)
}

pub(super) async fn get_group_by_id(c: &Call<'_>) -> Outcome {
    let group = c.done(c.api.get_group_by_id(c.key()?, c.typed("group_id")?).await)?;
    Success::object(&group)
}

/// The body's `group_id`, `group_name` and `group_image`, or the query's when the body has none
/// (some callers put them there).
pub(super) async fn update_group(c: &Call<'_>) -> Outcome {
    let mut body = with_group_fields(c)?;
    if !body.contains_key("group_id")
        && let Some(group_id) = c.opt("group_id")
    {
        body.insert("group_id".to_owned(), Value::String(group_id));
    }
    let update: GroupUpdate = c.decode(body)?;
    c.done(c.api.update_group(c.key()?, update).await)?;
    Ok(Success::plain())
}

pub(super) async fn delete_group(c: &Call<'_>) -> Outcome {
    c.done(c.api.delete_group(c.key()?, c.typed("group_id")?).await)?;
    Ok(Success::plain())
}

pub(super) async fn add_group_members(c: &Call<'_>) -> Outcome {
    let body: MembersBody = c.body()?;
    c.done(
        c.api
            .add_group_members(c.key()?, c.typed("group_id")?, body.members)
            .await,
    )?;
    Ok(Success::plain())
}

pub(super) async fn remove_group_members(c: &Call<'_>) -> Outcome {
    let members = c.json_list("members")?;
    c.done(
        c.api
            .remove_group_members(c.key()?, c.typed("group_id")?, members)
            .await,
    )?;
    Ok(Success::plain())
}

pub(super) async fn leave_group(c: &Call<'_>) -> Outcome {
    c.done(c.api.leave_group(c.key()?, c.typed("group_id")?).await)?;
    Ok(Success::plain())
}

pub(super) async fn mute_group(c: &Call<'_>) -> Outcome {
    let mute = c.flag("mute")?;
    c.done(c.api.mute_group(c.key()?, c.typed("group_id")?, mute).await)?;
    Ok(Success::plain())
}

pub(super) async fn mute_group_members(c: &Call<'_>) -> Outcome {
    let body: MuteMembersBody = c.body()?;
    c.done(
        c.api
            .mute_group_members(c.key()?, body.group_id, body.members, body.mute)
            .await,
    )?;
    Ok(Success::plain())
}

pub(super) async fn send_group_message(c: &Call<'_>) -> Outcome {
    let body: GroupMessageBody = c.body()?;
    c.done(c.api.send_group_message(c.key()?, body.message).await)?;
    Ok(Success::plain())
}
