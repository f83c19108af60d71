//! Hunt groups (#21–#29; #29 answers at both `huntgroups/admin` and `huntgroups/admins`).

use crate::server::call::Call;
use crate::server::reply::{Outcome, Success};
use kandy_core::{KandyApi, NewHuntGroup};
use serde::Deserialize;

/// `{huntgroup_name, user_name}` (#24).
#[derive(Deserialize)]
struct UserBody {
    huntgroup_name: String,
    user_name: String,
}

/// `{huntgroup_name, admin_name}` (#27).
#[derive(Deserialize)]
struct AdminBody {
    huntgroup_name: String,
    admin_name: String,
}

pub(super) async fn create_hunt_group(c: &Call<'_>) -> Outcome {
    let group: NewHuntGroup = c.body()?;
    c.done(c.api.create_hunt_group(c.key()?, group).await)?;
    Ok(Success::plain())
}

pub(super) async fn get_hunt_groups(c: &Call<'_>) -> Outcome {
    let groups = c.done(c.api.get_hunt_groups(c.key()?).await)?;
    Success::field("huntgroups", &groups)
}

pub(super) async fn delete_hunt_group(c: &Call<'_>) -> Outcome {
    let name = c.param("huntgroup_name")?;
    c.done(c.api.delete_hunt_group(c.key()?, name).await)?;
    Ok(Success::plain())
}

pub(super) async fn add_hunt_group_user(c: &Call<'_>) -> Outcome {
    let body: UserBody = c.body()?;
    c.done(
        c.api
            .add_hunt_group_user(c.key()?, body.huntgroup_name, body.user_name)
            .await,
    )?;
    Ok(Success::plain())
}

pub(super) async fn get_hunt_group_users(c: &Call<'_>) -> Outcome {
    let name = c.param("huntgroup_name")?;
    let users = c.done(c.api.get_hunt_group_users(c.key()?, name).await)?;
    Success::field("users", &users)
}

pub(super) async fn delete_hunt_group_user(c: &Call<'_>) -> Outcome {
    let (name, user) = (c.param("huntgroup_name")?, c.param("user_name")?);
    c.done(c.api.delete_hunt_group_user(c.key()?, name, user).await)?;
    Ok(Success::plain())
}

pub(super) async fn add_hunt_group_admin(c: &Call<'_>) -> Outcome {
    let body: AdminBody = c.body()?;
    c.done(
        c.api
            .add_hunt_group_admin(c.key()?, body.huntgroup_name, body.admin_name)
            .await,
    )?;
    Ok(Success::plain())
}

pub(super) async fn get_hunt_group_admins(c: &Call<'_>) -> Outcome {
    let name = c.param("huntgroup_name")?;
    let admins = c.done(c.api.get_hunt_group_admins(c.key()?, name).await)?;
    Success::field("admins", &admins)
}

pub(super) async fn delete_hunt_group_admin(c: &Call<'_>) -> Outcome {
    let (name, admin) = (c.param("huntgroup_name")?, c.param("admin_name")?);
    c.done(c.api.delete_hunt_group_admin(c.key()?, name, admin).await)?;
    Ok(Success::plain())
}
