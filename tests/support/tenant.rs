//! A domain with users, made over the API as an application would: the start of the tests of
//! pushes and the data channel. And the two waits those tests read pushes with.

use futures_util::StreamExt;
use kandy_core::notifications::{Event, Notification, NotificationStream};
use kandy_core::*;
use kandy_sim::AccountCredentials;
use std::time::Duration;

/// How long a test waits for a push before it fails.
pub const WAIT: Duration = Duration::from_secs(5);

/// A user of the tenant: `user@domain`, a user token and the default device.
pub struct Person {
    pub id: String,
    pub token: UserAccessToken,
    pub device: DeviceId,
}

/// A domain made with `account`, its token, and its users in the order asked for.
pub struct Tenant {
    pub domain_token: DomainAccessToken,
    pub people: Vec<Person>,
}

/// Creates `domain` under `account` and one user per id of `users` over `api`, each logged
/// in with the domain's keys; panics (failing the test) on any refusal.
pub async fn tenant(
    api: &(impl KandyApi + ?Sized),
    account: AccountCredentials,
    domain: &str,
    users: &[&str],
) -> Tenant {
    let account_token = api
        .get_account_access_token(account.api_key, account.api_secret)
        .await
        .unwrap();
    let created = api
        .create_domain(account_token, NewDomain::new(domain))
        .await
        .unwrap();
    let (key, secret) = (created.domain_api_key, created.domain_api_secret);
    let domain_token = api
        .get_domain_access_token(key.clone(), secret.clone())
        .await
        .unwrap();
    let mut people = Vec::new();
    for &user_id in users {
        api.create_user_by_user_id(domain_token.clone(), NewUser::new(user_id))
            .await
            .unwrap();
        let token = api
            .get_user_access_token(key.clone(), secret.clone(), user_id.into())
            .await
            .unwrap();
        let device = api.get_devices(token.clone()).await.unwrap()[0].id.clone();
        people.push(Person {
            id: format!("{user_id}@{domain}"),
            token,
            device,
        });
    }
    Tenant {
        domain_token,
        people,
    }
}

impl Tenant {
    /// The first two users, for the tests of one sender and one recipient.
    pub fn pair(self) -> (DomainAccessToken, Person, Person) {
        let mut people = self.people.into_iter();
        let (first, second) = (people.next().unwrap(), people.next().unwrap());
        (self.domain_token, first, second)
    }
}

/// The next item of `stream`, within [`WAIT`].
pub async fn next(stream: &mut NotificationStream) -> Notification {
    tokio::time::timeout(WAIT, stream.next())
        .await
        .expect("a notification in time")
        .expect("the stream goes on")
}

/// The next item of `stream`, which must be a pushed event.
pub async fn event(stream: &mut NotificationStream) -> Event {
    match next(stream).await {
        Notification::Event(event) => event,
        other => panic!("expected an event, got {other:?}"),
    }
}
